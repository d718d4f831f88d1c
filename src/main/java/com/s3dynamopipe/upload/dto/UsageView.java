package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code GET /usage}: what the caller uses of each quota, and the quotas (docs/design.md, "Quotas").
 *
 * @param usage  what the caller has stored and reserved now
 * @param limits the caller's quotas ({@code app.quota.*})
 */
@RegisterForReflection(targets = {UsageView.Usage.class, UsageView.Limits.class})
public record UsageView(Usage usage, Limits limits) {

    /**
     * @param bytes          bytes of the stored files plus bytes reserved by unfinished uploads (their announced size)
     * @param files          stored files plus unfinished uploads
     * @param pendingUploads unfinished uploads: presigned uploads not completed, aborted or expired, and direct
     *                       uploads in flight
     * @param pendingBytes   the part of {@code bytes} reserved by those unfinished uploads
     */
    public record Usage(long bytes, long files, int pendingUploads, long pendingBytes) {}

    /**
     * @param bytes          most bytes stored and reserved ({@code QUOTA_MAX_BYTES})
     * @param files          most files stored and reserved ({@code QUOTA_MAX_FILES})
     * @param pendingUploads most unfinished presigned uploads at once ({@code QUOTA_MAX_PENDING_UPLOADS})
     */
    public record Limits(long bytes, long files, int pendingUploads) {}
}
