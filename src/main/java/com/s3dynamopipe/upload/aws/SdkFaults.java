package com.s3dynamopipe.upload.aws;

import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs SDK calls and translates their exceptions into {@link StorageException}, deciding whether the fault is
 * transient. The one place that reads "the thing is not there" (HTTP 404: S3 {@code NoSuchKey},
 * {@code NoSuchUpload}) as an answer rather than a failure.
 */
final class SdkFaults {

    private SdkFaults() {}

    /**
     * @param operation the API call that failed, e.g. {@code "S3 PutObject"}
     * @param e         the SDK exception
     * @return a {@link StorageException}: transient for client-side faults (connection refused, timeouts),
     *         service 5xx and throttling; permanent otherwise
     */
    static StorageException translate(String operation, SdkException e) {
        boolean transientFault;
        if (e instanceof AwsServiceException service) {
            transientFault = service.statusCode() >= 500 || service.isThrottlingException();
        } else {
            transientFault = e instanceof SdkClientException;
        }
        return new StorageException(operation + " failed", transientFault, e);
    }

    /**
     * @param e an SDK exception
     * @return whether the service answered 404 (no such key, upload or item)
     */
    static boolean missing(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() == 404;
    }

    /**
     * Runs an SDK call.
     *
     * @param operation the API call, e.g. {@code "S3 DeleteObject"}, named in the exception
     * @param call      the call
     * @return what the call returns
     * @throws StorageException if the call fails
     */
    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(operation, e);
        }
    }

    /**
     * Runs an SDK call whose 404 answer means "not there".
     *
     * @param operation the API call, e.g. {@code "S3 HeadObject"}, named in the exception
     * @param call      the call; a {@code null} result also counts as empty
     * @return what the call returns, or empty if the service answered 404
     * @throws StorageException if the call fails otherwise
     */
    static <T> Optional<T> callUnlessMissing(String operation, Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (SdkException e) {
            if (missing(e)) {
                return Optional.empty();
            }
            throw translate(operation, e);
        }
    }
}
