package dev.tollgate.core.cache;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * The semantic cache's vectors, in this process: one in-memory Lucene index whose documents are (partition,
 * normalised embedding, exact cache key, expiry), searched with Lucene's HNSW graph and a filter that keeps to
 * one partition and to entries not yet expired. A partition is what must match exactly for two requests to share
 * an answer (tenant scope, endpoint, model group and every non-text parameter: see
 * {@link SemanticTexts#partition}), so a neighbour from another tenant or group can never be returned. Each
 * document points at an exact-cache entry; the answer itself lives in the {@link ResponseCache}.
 *
 * <p>Bounded: past {@code maxEntries} documents the oldest are deleted, and expired ones go at each insertion.
 * Every method blocks (Lucene is synchronous and CPU-bound): callers run them on a worker thread, never on an
 * event loop. Thread-safe.
 */
public final class SemanticIndex implements AutoCloseable {

    /** Embeddings up to this many dimensions are indexed (Lucene's default limit, 1024, is below common models). */
    static final int MAX_DIMENSIONS = 4096;

    private static final String PARTITION = "partition";
    private static final String VECTOR = "vector";
    private static final String KEY = "key";
    private static final String ID = "id";
    private static final String EXPIRES = "expires";

    /** What the nearest entry is: the exact cache key of its answer and the cosine similarity (-1..1). */
    public record Neighbour(CacheKey key, double similarity) {
    }

    private final LongSupplier maxEntries;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** Document ids oldest first, for the size bound. Guarded by {@code this}. */
    private final ArrayDeque<Long> order = new ArrayDeque<>();
    private long nextId;
    /** Vectors offered but not yet indexed: a search indexes them first, so it never misses one offered before it. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private record Pending(String partition, float[] vector, CacheKey key, long expiresAtMillis, long nowMillis) {
    }

    public SemanticIndex(LongSupplier maxEntries) {
        this.maxEntries = maxEntries;
        try {
            IndexWriterConfig config = new IndexWriterConfig().setCodec(new Lucene103Codec() {
                private final KnnVectorsFormat vectors = new WideVectors(new Lucene99HnswVectorsFormat());

                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return vectors;
                }
            });
            writer = new IndexWriter(directory, config);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory index cannot fail to open", e);
        }
    }

    /**
     * Queues an answer's embedding without blocking (callable on an event loop): it is indexed by the next
     * {@link #flush} or before the next {@link #nearest}, whichever comes first.
     */
    public void offer(String partition, float[] vector, CacheKey key, long expiresAtMillis, long nowMillis) {
        pending.add(new Pending(partition, vector, key, expiresAtMillis, nowMillis));
    }

    /**
     * Indexes what was offered and makes it searchable; returns how many of them could not be indexed (another
     * dimension, a zero vector). Searches call it first, and it holds the index's lock, so a search never runs
     * while an offered vector is half-way into the index.
     */
    public synchronized int flush() {
        int refused = 0;
        boolean added = false;
        for (Pending p; (p = pending.poll()) != null; ) {
            if (index(p.partition(), p.vector(), p.key(), p.expiresAtMillis(), p.nowMillis())) {
                added = true;
            } else {
                refused++;
            }
        }
        if (added) {
            refresh();
        }
        return refused;
    }

    /**
     * Indexes an answer's embedding. A vector of another dimension than the ones already indexed (the embedding
     * model changed) cannot share the field: it is not indexed and false is returned.
     */
    public synchronized boolean add(String partition, float[] vector, CacheKey key, long expiresAtMillis, long nowMillis) {
        boolean added = index(partition, vector, key, expiresAtMillis, nowMillis);
        if (added) {
            refresh();
        }
        return added;
    }

    private void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the document without making it searchable yet. Called under the lock. */
    private boolean index(String partition, float[] vector, CacheKey key, long expiresAtMillis, long nowMillis) {
        float[] unit = normalised(vector);
        if (unit == null || unit.length > MAX_DIMENSIONS) {
            return false;
        }
        long id = nextId++;
        Document doc = new Document();
        doc.add(new StringField(PARTITION, partition, Field.Store.NO));
        doc.add(new StringField(ID, Long.toString(id), Field.Store.NO));
        doc.add(new KnnFloatVectorField(VECTOR, unit, VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new StoredField(KEY, key.hex()));
        doc.add(new LongPoint(EXPIRES, expiresAtMillis));
        try {
            writer.deleteDocuments(LongPoint.newRangeQuery(EXPIRES, Long.MIN_VALUE, nowMillis));
            writer.addDocument(doc);
            order.addLast(id);
            long max = maxEntries.getAsLong();
            while (order.size() > max) {
                writer.deleteDocuments(new Term(ID, Long.toString(order.removeFirst())));
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false; // another dimension than the field's
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nearest live entry of the partition, or null when it has none (or the vector cannot be compared). */
    public Neighbour nearest(String partition, float[] vector, long nowMillis) {
        float[] unit = normalised(vector);
        if (unit == null) {
            return null;
        }
        flush(); // what was offered before this search is found by it
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                BooleanQuery filter = new BooleanQuery.Builder()
                        .add(new TermQuery(new Term(PARTITION, partition)), BooleanClause.Occur.FILTER)
                        .add(LongPoint.newRangeQuery(EXPIRES, nowMillis + 1, Long.MAX_VALUE), BooleanClause.Occur.FILTER)
                        .build();
                TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, unit, 1, filter), 1);
                if (top.scoreDocs.length == 0) {
                    return null;
                }
                String key = searcher.storedFields().document(top.scoreDocs[0].doc).get(KEY);
                // DOT_PRODUCT on unit vectors scores (1 + cosine) / 2
                double similarity = Math.min(1.0, 2.0 * top.scoreDocs[0].score - 1.0);
                return new Neighbour(new CacheKey(key), similarity);
            } finally {
                searchers.release(searcher);
            }
        } catch (IllegalArgumentException e) {
            return null; // a query vector of another dimension than the indexed ones
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entries counted against {@code maxEntries} (expired ones included until they are the oldest). */
    public synchronized int size() {
        return order.size();
    }

    @Override
    public synchronized void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vector scaled to length 1, or null for a zero or non-finite vector. */
    static float[] normalised(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        if (vector.length == 0 || !(sum > 0) || Double.isInfinite(sum)) {
            return null;
        }
        double norm = Math.sqrt(sum);
        float[] out = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] / norm);
        }
        return out;
    }

    /**
     * Lucene's HNSW format with a higher dimension limit. It writes and names itself exactly as the format it
     * wraps (so segments read back through the standard format); only the limit checked at indexing differs.
     */
    private static final class WideVectors extends KnnVectorsFormat {
        private final KnnVectorsFormat delegate;

        WideVectors(KnnVectorsFormat delegate) {
            super(delegate.getName());
            this.delegate = delegate;
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return delegate.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return delegate.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return MAX_DIMENSIONS;
        }
    }
}
