package com.s3dynamopipe.upload.domain;

import java.time.Instant;

/**
 * One reservation in an owner's usage item (docs/design.md, "Quotas" and "Races"): an upload's bytes and file held
 * against the quotas until it becomes a file or ends, and, while {@link #COMPLETING}, the claim that lets one request
 * at a time work on the upload.
 *
 * @param fileId     the upload's file id
 * @param deadline   after it an {@code open} upload can no longer be claimed (the upload's deadline)
 * @param bytes      the reserved bytes (the announced size)
 * @param state      {@link #OPEN} or {@link #COMPLETING}
 * @param claim      the claim token of a {@code completing} reservation, else {@code null}
 * @param leaseUntil until when the claim holds; {@code null} when open
 */
public record Reservation(String fileId, Instant deadline, long bytes, String state, String claim, Instant leaseUntil) {

    /** An unfinished presigned upload, nobody working on it. */
    public static final String OPEN = "open";

    /** An upload being completed, or a direct upload being stored, by the holder of {@code claim}. */
    public static final String COMPLETING = "completing";

    /** @return whether nobody can change this reservation any more except by settling it (at {@code now}) */
    public boolean stale(Instant now) {
        return OPEN.equals(state) ? !now.isBefore(deadline) : leaseUntil == null || !now.isBefore(leaseUntil);
    }
}
