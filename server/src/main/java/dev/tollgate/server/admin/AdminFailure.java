package dev.tollgate.server.admin;

import dev.tollgate.core.pipeline.GatewayError;

/** Thrown from blocking admin work to end the call with a specific error answer instead of a 500. */
final class AdminFailure extends RuntimeException {

    private final transient GatewayError error;

    AdminFailure(GatewayError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    GatewayError error() {
        return error;
    }
}
