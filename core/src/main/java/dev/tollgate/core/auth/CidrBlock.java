package dev.tollgate.core.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One address block such as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address ({@code /32} or
 * {@code /128} implied). Parsed once when the key snapshot is built, so a check is a few byte comparisons.
 * Immutable.
 */
public final class CidrBlock {

    private final byte[] network;
    private final int prefixLength;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** @throws IllegalArgumentException when {@code text} is not an IP literal with an optional prefix length */
    public static CidrBlock parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address block");
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        byte[] address = literal(slash < 0 ? s : s.substring(0, slash));
        int max = address.length * 8;
        int length = max;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            if (length < 0 || length > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0–" + max);
            }
        }
        return new CidrBlock(masked(address, length), length);
    }

    /**
     * The address bytes of an IP literal, never a name: a DNS lookup here would let a request (or a stored
     * setting) make the gateway resolve names. IPv4-mapped IPv6 addresses come back as IPv4.
     */
    static byte[] literal(String s) {
        if (s.isEmpty() || !(s.indexOf(':') >= 0 || isDottedDecimal(s))) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
    }

    private static boolean isDottedDecimal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == '.' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] masked(byte[] address, int length) {
        byte[] out = address.clone();
        for (int bit = length; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return out;
    }

    /** True when {@code address} (4 or 16 bytes) lies in this block; an IPv4 address never matches an IPv6 block. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }
}
