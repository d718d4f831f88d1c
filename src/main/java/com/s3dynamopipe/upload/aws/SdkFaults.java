package com.s3dynamopipe.upload.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Translates SDK exceptions into {@link StorageException}, deciding whether the fault is transient. */
final class SdkFaults {

    private SdkFaults() {
    }

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
}
