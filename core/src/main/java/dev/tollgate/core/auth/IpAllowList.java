package dev.tollgate.core.auth;

import java.util.List;

/**
 * The address blocks a key may be used from. Empty allows every address. An entry that does not parse (a
 * row written around the admin API's validation) makes the list refuse everything: a typo must not open a
 * restricted key to the world. Immutable.
 */
public final class IpAllowList {

    public static final IpAllowList ANYWHERE = new IpAllowList(new CidrBlock[0], true);

    private final CidrBlock[] blocks;
    private final boolean valid;

    private IpAllowList(CidrBlock[] blocks, boolean valid) {
        this.blocks = blocks;
        this.valid = valid;
    }

    public static IpAllowList of(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            return ANYWHERE;
        }
        CidrBlock[] blocks = new CidrBlock[cidrs.size()];
        try {
            for (int i = 0; i < blocks.length; i++) {
                blocks[i] = CidrBlock.parse(cidrs.get(i));
            }
        } catch (IllegalArgumentException e) {
            return new IpAllowList(new CidrBlock[0], false);
        }
        return new IpAllowList(blocks, true);
    }

    public boolean restricts() {
        return this != ANYWHERE;
    }

    /** @param clientIp the peer's IP literal as the socket reports it; null (unknown) is refused */
    public boolean allows(String clientIp) {
        if (!restricts()) {
            return true;
        }
        if (!valid || clientIp == null) {
            return false;
        }
        byte[] address;
        try {
            address = CidrBlock.literal(stripZone(clientIp));
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (CidrBlock b : blocks) {
            if (b.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static String stripZone(String ip) {
        int zone = ip.indexOf('%');
        return zone < 0 ? ip : ip.substring(0, zone);
    }
}
