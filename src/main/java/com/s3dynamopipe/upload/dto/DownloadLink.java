package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer of {@code GET /files/{fileId}/download} (200): a short-lived presigned GET of the stored object.
 *
 * @param url                the URL; S3 answers with {@code contentDisposition} and the file's Content-Type
 * @param expiresAt          when the URL stops working (ISO-8601 UTC)
 * @param fileName           the file name as uploaded
 * @param contentDisposition the {@code Content-Disposition} S3 will send: {@code attachment} with an ASCII
 *                           {@code filename} fallback and the exact name as RFC 5987 {@code filename*} (RFC 6266)
 */
@RegisterForReflection
public record DownloadLink(String url, String expiresAt, String fileName, String contentDisposition) {}
