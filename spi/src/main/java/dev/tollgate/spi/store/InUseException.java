package dev.tollgate.spi.store;

/** A delete refused because other entities still belong to the one being deleted. */
public class InUseException extends RuntimeException {

    public InUseException(String message) {
        super(message);
    }
}
