package dev.tollgate.spi.provider;

/** Families of wire formats; equal formats on both sides let a call take the byte-forwarding fast path. */
public enum WireFormat {
    OPENAI
}
