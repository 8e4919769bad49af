package dev.tollgate.core.pipeline;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: {@code req_} + 128 random bits in hex. Always minted here, never taken from the client,
 * because booking is idempotent by request id and a reused id would drop a call from the ledger.
 */
public final class RequestIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[4 + 32];
        out[0] = 'r';
        out[1] = 'e';
        out[2] = 'q';
        out[3] = '_';
        fill(out, 4, r.nextLong());
        fill(out, 20, r.nextLong());
        return new String(out);
    }

    private static void fill(char[] out, int at, long bits) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
