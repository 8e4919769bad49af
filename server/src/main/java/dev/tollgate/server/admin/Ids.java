package dev.tollgate.server.admin;

import java.util.UUID;

/** New entity ids: a type prefix plus 128 random bits, unguessable so scope errors reveal nothing useful. */
final class Ids {

    private Ids() {
    }

    static String next(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }
}
