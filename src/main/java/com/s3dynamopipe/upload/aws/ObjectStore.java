package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 adapter: stores and deletes upload objects in the bucket {@code app.storage.bucket}. */
@ApplicationScoped
public class ObjectStore {

    private static final Logger LOG = Logger.getLogger(ObjectStore.class);

    private final S3Client s3;
    private final String bucket;

    /**
     * @param s3     client injected by the Quarkiverse S3 extension
     * @param config application configuration (bucket name)
     */
    public ObjectStore(S3Client s3, AppConfig config) {
        this.s3 = s3;
        this.bucket = config.storage().bucket();
    }

    /** Opens the bytes to store; called once per attempt the SDK makes. */
    @FunctionalInterface
    public interface Source {
        /**
         * @return a fresh stream over the whole content
         * @throws IOException if the content cannot be read
         */
        InputStream open() throws IOException;
    }

    /**
     * Attempts per PutObject when the HTTP client fails below the SDK: the url-connection client turns an
     * IOException while reading the response (e.g. "Unexpected end of file from server" on a pooled connection S3
     * has closed) into an {@link UncheckedIOException}, which the SDK's retry policy never sees (it retries only
     * {@link SdkException} and {@link IOException}). Such a failure is retried here; the body is re-readable.
     */
    static final int TRANSPORT_ATTEMPTS = 3;

    /**
     * Stores an object with PutObject, computing the SHA-256 of the bytes in the same pass (each attempt reads a
     * fresh stream through a {@link DigestInputStream}; the digest of the last attempt is the one kept). A failure
     * of the HTTP connection is retried up to {@value #TRANSPORT_ATTEMPTS} attempts in all (the SDK retries its own
     * faults within each).
     *
     * @param key         object key, {@code uploads/<ownerId>/<fileId>}
     * @param contentType Content-Type to store with the object
     * @param sizeBytes   exact content length in bytes
     * @param source      the content
     * @return lowercase hex SHA-256 of the bytes sent
     * @throws StorageException transient if S3 cannot be reached, answers 5xx or throttles, or the connection
     *                          keeps failing; permanent if S3 rejects the request, the content cannot be opened, or
     *                          fewer bytes were sent than announced
     */
    public String put(String key, String contentType, long sizeBytes, Source source) {
        DigestingProvider provider = new DigestingProvider(source);
        for (int attempt = 1;; attempt++) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength(sizeBytes),
                        RequestBody.fromContentProvider(provider, sizeBytes, contentType));
                return provider.sha256Hex(sizeBytes);
            } catch (SdkException e) {
                throw SdkFaults.translate("S3 PutObject", e);
            } catch (UnreadableSource e) {
                throw new StorageException("Reading the upload failed", false, e);
            } catch (UncheckedIOException e) {
                if (attempt >= TRANSPORT_ATTEMPTS) {
                    throw new StorageException("S3 PutObject failed (connection)", true, e);
                }
                LOG.warnf("S3 PutObject attempt %d failed on the connection (%s); retrying", attempt,
                        e.getCause() == null ? "no cause" : e.getCause().getMessage());
            }
        }
    }

    /**
     * Deletes an object, logging (not throwing) a failure: used to undo a store whose metadata write failed.
     *
     * @param key object key
     * @return {@code true} if S3 accepted the delete
     */
    public boolean deleteQuietly(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            LOG.errorf("Could not delete orphan object %s: %s", ObjectKeys.forLogs(key), e.getClass().getSimpleName());
            return false;
        }
    }

    /** Opens a new digesting stream per attempt and remembers the last one. */
    private static final class DigestingProvider implements ContentStreamProvider {
        private final Source source;
        private DigestInputStream last;
        private long lastCount;

        DigestingProvider(Source source) {
            this.source = source;
        }

        @Override
        public synchronized InputStream newStream() {
            try {
                if (last != null) {
                    last.close();
                }
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                lastCount = 0;
                last = new DigestInputStream(source.open(), digest) {
                    @Override
                    public int read() throws IOException {
                        int b = super.read();
                        if (b >= 0) {
                            lastCount++;
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = super.read(buf, off, len);
                        if (n > 0) {
                            lastCount += n;
                        }
                        return n;
                    }
                };
                return last;
            } catch (IOException e) {
                throw new UnreadableSource(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        synchronized String sha256Hex(long expectedBytes) {
            if (last == null || lastCount != expectedBytes) {
                throw new StorageException("S3 PutObject sent " + lastCount + " of " + expectedBytes + " bytes",
                        false, null);
            }
            try {
                last.close();
            } catch (IOException e) {
                LOG.debug("Closing the upload stream failed", e);
            }
            return HexFormat.of().formatHex(last.getMessageDigest().digest());
        }
    }

    /** The upload's own content could not be opened: not a connection fault, never retried. */
    private static final class UnreadableSource extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        UnreadableSource(IOException cause) {
            super(cause);
        }
    }
}
