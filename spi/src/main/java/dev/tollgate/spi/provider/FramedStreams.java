package dev.tollgate.spi.provider;

/**
 * An adapter whose streams are not server-sent events (Bedrock's binary {@code application/vnd.amazon.eventstream}):
 * it supplies the decoder that cuts the byte stream into events for its {@link ChatTranslation}.
 */
public interface FramedStreams extends ProviderAdapter {

    /** The content type of the upstream's streamed answers. */
    String streamContentType();

    /** A fresh decoder for one stream. */
    StreamDecoder newStreamDecoder();

    /** Cuts one upstream byte stream into events, incrementally. Per stream, one thread. */
    interface StreamDecoder {

        /**
         * Feeds the next bytes; calls {@code sink} for every event they complete, in order, before
         * returning. A partial event is kept for the next call.
         */
        void feed(byte[] bytes, int offset, int length, EventSink sink) throws TranslationException;

        /** Bytes received but not yet forming a complete event (a stream cut short leaves some). */
        int pendingBytes();
    }

    /** Receives decoded events: the event's type and its payload as text. */
    interface EventSink {
        void onEvent(String eventType, String payload) throws TranslationException;
    }
}
