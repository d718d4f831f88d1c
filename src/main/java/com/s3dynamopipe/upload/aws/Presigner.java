package com.s3dynamopipe.upload.aws;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigns the S3 requests the browser sends itself: PutObject of a whole file, UploadPart, and GetObject of a
 * download. The presigner comes from the Quarkiverse S3 extension and shares the {@code quarkus.s3.*} settings
 * (endpoint, addressing style, credentials) with the client.
 */
@ApplicationScoped
public class Presigner {

    private static final Logger LOG = Logger.getLogger(Presigner.class);

    private final S3Presigner presigner;
    private final String bucket;

    /**
     * @param presigner presigner injected by the Quarkiverse S3 extension
     * @param bucket    the storage bucket (its name; the presigner reaches S3 itself)
     */
    public Presigner(S3Presigner presigner, StorageBucket bucket) {
        this.presigner = presigner;
        this.bucket = bucket.name();
    }

    /**
     * Presigns a PutObject of the whole file.
     *
     * @param key          object key
     * @param contentType  Content-Type the PUT must send (signed)
     * @param sizeBytes    exact length the PUT must send (signed as Content-Length)
     * @param sha256Base64 base64 SHA-256 the PUT must send as {@code x-amz-checksum-sha256} (S3 checks the body
     *                     against it), or {@code null} for none
     * @param ttl          lifetime of the URL
     * @return the URL with the headers to send
     */
    public PresignedUrl presignPut(String key, String contentType, long sizeBytes, String sha256Base64, Duration ttl) {
        return toUrl(SdkFaults.call(
                "S3 presign PutObject",
                () -> presigner.presignPutObject(p -> p.signatureDuration(ttl).putObjectRequest(b -> {
                    b.bucket(bucket).key(key).contentType(contentType).contentLength(sizeBytes);
                    if (sha256Base64 != null) {
                        b.checksumSHA256(sha256Base64);
                    }
                }))));
    }

    /**
     * Presigns one UploadPart.
     *
     * @param key          object key
     * @param uploadId     S3's multipart UploadId
     * @param partNumber   1 to 10,000
     * @param sizeBytes    exact length of the part (signed as Content-Length)
     * @param sha256Base64 base64 SHA-256 the PUT must send as {@code x-amz-checksum-sha256} (signed; S3 checks the
     *                     part's bytes against it and refuses others with 400 {@code BadDigest}), or {@code null}
     *                     for none
     * @param ttl          lifetime of the URL
     * @return the URL; the ETag of S3's answer is what {@code complete} needs
     */
    public PresignedUrl presignPart(
            String key, String uploadId, int partNumber, long sizeBytes, String sha256Base64, Duration ttl) {
        return toUrl(SdkFaults.call(
                "S3 presign UploadPart",
                () -> presigner.presignUploadPart(p -> p.signatureDuration(ttl).uploadPartRequest(b -> {
                    b.bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(partNumber)
                            .contentLength(sizeBytes);
                    if (sha256Base64 != null) {
                        b.checksumSHA256(sha256Base64);
                    }
                }))));
    }

    /**
     * Presigns a GetObject whose answer carries the given Content-Disposition and Content-Type
     * ({@code response-content-disposition}, {@code response-content-type}).
     *
     * @return the URL (no headers to send)
     */
    public PresignedUrl presignGet(String key, String contentDisposition, String contentType, Duration ttl) {
        return toUrl(SdkFaults.call(
                "S3 presign GetObject",
                () -> presigner.presignGetObject(p -> p.signatureDuration(ttl)
                        .getObjectRequest(b -> b.bucket(bucket)
                                .key(key)
                                .responseContentDisposition(contentDisposition)
                                .responseContentType(contentType)))));
    }

    private static PresignedUrl toUrl(PresignedRequest request) {
        SdkHttpRequest http = request.httpRequest();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.signedHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("host") && !lower.equals("content-length")) {
                headers.put(lower.equals("content-type") ? "Content-Type" : lower, String.join(",", values));
            }
        });
        LOG.debugf("Presigned %s %s", http.method(), ObjectKeys.forLogs(http.encodedPath()));
        return new PresignedUrl(request.url().toString(), headers, request.expiration());
    }
}
