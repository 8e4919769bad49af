package dev.tollgate.core.openai;

/** The request body cannot be used; the message is fit for the client, {@code param} names the field. */
public final class MalformedRequestException extends Exception {

    private final String param;

    public MalformedRequestException(String message, String param) {
        super(message, null, false, false);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
