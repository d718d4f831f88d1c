package com.s3dynamopipe.upload.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One uploaded part: in {@code POST /uploads/{fileId}/complete} as the client saw it, in
 * {@code GET /uploads/{fileId}} as S3 holds it.
 *
 * @param partNumber 1-based part number
 * @param etag       the {@code ETag} header of S3's answer to the part's PUT, quotes included
 * @param sizeBytes  bytes S3 holds for the part ({@code GET} only; ignored in {@code complete})
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletedPartJson(Integer partNumber, String etag, Long sizeBytes) {}
