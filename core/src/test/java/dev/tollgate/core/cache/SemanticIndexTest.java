package dev.tollgate.core.cache;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SemanticIndexTest {

    private long max = 100;
    private final SemanticIndex index = new SemanticIndex(() -> max);

    @AfterEach
    void close() {
        index.close();
    }

    private static float[] vector(int dims, int... ones) {
        float[] v = new float[dims];
        for (int i : ones) {
            v[i] = 1;
        }
        return v;
    }

    @Test
    void theNearestEntryOfThePartitionIsFoundWithItsCosineSimilarity() {
        index.add("p", vector(8, 0, 1, 2, 3), new CacheKey("near"), 10_000, 0);
        index.add("p", vector(8, 5, 6), new CacheKey("far"), 10_000, 0);
        SemanticIndex.Neighbour n = index.nearest("p", vector(8, 0, 1, 2), 1);
        assertThat(n.key()).isEqualTo(new CacheKey("near"));
        assertThat(n.similarity()).isCloseTo(3 / Math.sqrt(12), within(1e-4));
    }

    @Test
    void anotherPartitionIsNeverReturned() {
        index.add("tenant-a", vector(8, 0, 1), new CacheKey("a"), 10_000, 0);
        assertThat(index.nearest("tenant-b", vector(8, 0, 1), 1)).isNull();
        assertThat(index.nearest("tenant-a", vector(8, 0, 1), 1).similarity()).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void expiredEntriesAreNotReturned() {
        index.add("p", vector(8, 0), new CacheKey("old"), 100, 0);
        assertThat(index.nearest("p", vector(8, 0), 99)).isNotNull();
        assertThat(index.nearest("p", vector(8, 0), 100)).isNull();
    }

    @Test
    void theOldestEntriesGoPastMaxEntries() {
        max = 2;
        index.add("p", vector(8, 0), new CacheKey("first"), 10_000, 0);
        index.add("p", vector(8, 1), new CacheKey("second"), 10_000, 0);
        index.add("p", vector(8, 2), new CacheKey("third"), 10_000, 0);
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.nearest("p", vector(8, 0), 1).key()).isNotEqualTo(new CacheKey("first"));
        assertThat(index.nearest("p", vector(8, 2), 1).key()).isEqualTo(new CacheKey("third"));
    }

    @Test
    void wideEmbeddingsAreIndexedAndOtherDimensionsAreRefused() {
        assertThat(index.add("p", vector(3072, 7), new CacheKey("wide"), 10_000, 0)).isTrue();
        assertThat(index.nearest("p", vector(3072, 7), 1).key()).isEqualTo(new CacheKey("wide"));
        assertThat(index.add("p", vector(8, 1), new CacheKey("narrow"), 10_000, 0)).isFalse();
        assertThat(index.nearest("p", vector(8, 1), 1)).isNull();
        assertThat(index.add("p", new float[8], new CacheKey("zero"), 10_000, 0)).as("a zero vector").isFalse();
    }

    @Test
    void anOfferedVectorIsFoundByTheNextSearchEvenBeforeAFlush() {
        index.offer("p", vector(8, 3), new CacheKey("offered"), 10_000, 0);
        assertThat(index.nearest("p", vector(8, 3), 1).key()).isEqualTo(new CacheKey("offered"));
        assertThat(index.flush()).isZero();
    }
}
