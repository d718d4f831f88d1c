package com.s3dynamopipe.upload.aws;

/**
 * A failed call to S3 or DynamoDB, translated by the adapters so that no SDK type leaves this package.
 *
 * <p>{@link #transientFault()} is {@code true} when the store could not be reached, answered 5xx or throttled
 * (the caller may retry: HTTP 503 {@code storage_unavailable}); {@code false} for everything else, such as a
 * missing table or bucket or a failed condition (HTTP 500 {@code internal_error}). The message names the
 * operation, never object contents or tokens.
 */
public class StorageException extends RuntimeException {

    private final boolean transientFault;

    /**
     * @param message        operation that failed, e.g. {@code "PutItem"}
     * @param transientFault whether the fault is transient (unreachable, 5xx, throttling)
     * @param cause          the SDK exception
     */
    public StorageException(String message, boolean transientFault, Throwable cause) {
        super(message, cause);
        this.transientFault = transientFault;
    }

    /** @return {@code true} if the store was unreachable, answered 5xx or throttled */
    public boolean transientFault() {
        return transientFault;
    }
}
