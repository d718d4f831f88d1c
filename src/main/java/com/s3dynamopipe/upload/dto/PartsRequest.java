package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Body of {@code POST /uploads/{fileId}/parts}.
 *
 * @param partNumbers the parts to presign (again): distinct, 1 to the upload's {@code partCount}, at most
 *                    {@code partUrlsPerRequest} of them
 */
@RegisterForReflection
public record PartsRequest(List<Integer> partNumbers) {}
