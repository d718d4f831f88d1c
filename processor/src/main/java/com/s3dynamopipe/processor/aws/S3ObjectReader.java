package com.s3dynamopipe.processor.aws;

import com.s3dynamopipe.processor.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Opens stored objects of the upload bucket ({@code app.storage.bucket}) for streaming reads. */
@ApplicationScoped
public class S3ObjectReader {

    private final S3Client s3;
    private final AppConfig config;

    S3ObjectReader(S3Client s3, AppConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    /**
     * Starts a GetObject and returns the body as a stream; nothing is buffered beyond what the caller reads.
     *
     * @param objectKey the object's key, e.g. {@code uploads/<ownerId>/<fileId>}
     * @return the object's bytes; the caller must close it
     * @throws ObjectMissingException when S3 answers {@code NoSuchKey} or 404
     * @throws software.amazon.awssdk.core.exception.SdkException for every other fault (throttling, 5xx,
     *                                                            network, access denied), left to the caller's
     *                                                            retry policy
     */
    public InputStream open(String objectKey) throws ObjectMissingException {
        try {
            return s3.getObject(
                    request -> request.bucket(config.storage().bucket()).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw new ObjectMissingException(config.storage().bucket(), objectKey);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectMissingException(config.storage().bucket(), objectKey);
            }
            throw e;
        }
    }
}
