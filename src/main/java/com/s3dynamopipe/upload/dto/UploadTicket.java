package com.s3dynamopipe.upload.dto;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code POST /uploads} (201): where and how to PUT the bytes.
 *
 * @param fileId        UUIDv7: the upload's id now, the file's id once completed
 * @param mode          {@code single} (one PUT of the whole file) or {@code multipart}
 * @param sizeBytes     the announced size
 * @param partSizeBytes size of every part but the last (the whole size for {@code single})
 * @param partCount     number of parts (1 for {@code single})
 * @param headers       headers every PUT of this upload must send exactly as given (they are signed), e.g.
 *                      {@code Content-Type}, besides each part's own {@code headers}; empty when none
 * @param expiresAt     when the URLs stop working (ISO-8601 UTC); ask {@code POST /uploads/{id}/parts} for fresh ones
 * @param parts         presigned PUTs: one per part, every part (at most {@code limits.maxParts} = 100), each with its
 *                      own signed {@code headers}
 * @param limits        the limits of this path
 * @param deadline      when the upload ends if it was not completed (ISO-8601 UTC, {@code app.presigned.upload-deadline}
 *                      after its start): no URL lives longer, and afterwards it answers {@code 410 upload_expired}
 */
@RegisterForReflection
public record UploadTicket(
        String fileId,
        String mode,
        long sizeBytes,
        long partSizeBytes,
        int partCount,
        Map<String, String> headers,
        String expiresAt,
        List<PartUrl> parts,
        UploadLimits limits,
        String deadline) {

    /** Compact constructor: copies the collections so the record stays immutable. */
    public UploadTicket {
        headers = Map.copyOf(headers);
        parts = List.copyOf(parts);
    }
}
