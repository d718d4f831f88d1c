package com.s3dynamopipe.processor.aws;

/** The object an item names does not exist (S3 {@code NoSuchKey}, HTTP 404): a permanent fault. */
public class ObjectMissingException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param bucket    the bucket read
     * @param objectKey the key that was not found
     */
    public ObjectMissingException(String bucket, String objectKey) {
        super("object s3://" + bucket + "/" + objectKey + " does not exist", null, false, false);
    }
}
