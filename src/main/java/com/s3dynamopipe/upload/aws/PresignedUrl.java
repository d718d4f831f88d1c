package com.s3dynamopipe.upload.aws;

import java.time.Instant;
import java.util.Map;

/**
 * A presigned S3 request (AWS doc "Sharing objects with presigned URLs"): whoever has it may send it until
 * {@code expiresAt}, without credentials.
 *
 * @param url       the full URL, signature in the query string (SigV4 query parameters)
 * @param headers   headers that were signed and must be sent exactly so (e.g. {@code Content-Type}); {@code Host}
 *                  and {@code Content-Length}, which the HTTP client sets itself, are left out
 * @param expiresAt when S3 stops accepting it
 */
public record PresignedUrl(String url, Map<String, String> headers, Instant expiresAt) {

    /** Compact constructor: copies the headers so the record stays immutable. */
    public PresignedUrl {
        headers = Map.copyOf(headers);
        expiresAt = expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }
}
