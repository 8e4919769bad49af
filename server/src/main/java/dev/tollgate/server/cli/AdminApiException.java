package dev.tollgate.server.cli;

/** An error answer of the admin API, carrying its message for the user. */
final class AdminApiException extends Exception {

    private final int status;
    private final String code;

    AdminApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
