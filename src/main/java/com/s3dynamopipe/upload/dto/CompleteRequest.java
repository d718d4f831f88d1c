package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Body of {@code POST /uploads/{fileId}/complete}; for a single PUT the body may be empty or {@code {}}.
 *
 * @param parts multipart only: every part, numbers 1 to {@code partCount} once each, with its ETag
 */
@RegisterForReflection
public record CompleteRequest(List<CompletedPartJson> parts) {}
