package com.s3dynamopipe.processor.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One element of the processor's output array (docs/design.md, "Processor output"):
 * {@code {"fileId": "…", "ownerId": "…", "outcome": "PROCESSED|FAILED|SKIPPED", "reason": "…"}}.
 * {@code fileId} and {@code ownerId} are omitted when the record carried no usable key.
 *
 * @param fileId  the item's RANGE key, or {@code null}
 * @param ownerId the item's HASH key, or {@code null}
 * @param outcome what was done
 * @param reason  for people: why, or what was detected
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Outcome(String fileId, String ownerId, OutcomeType outcome, String reason) {

    /** @return a {@link OutcomeType#PROCESSED} outcome for {@code key} */
    public static Outcome processed(FileKey key, String reason) {
        return of(key, OutcomeType.PROCESSED, reason);
    }

    /** @return a {@link OutcomeType#FAILED} outcome for {@code key} */
    public static Outcome failed(FileKey key, String reason) {
        return of(key, OutcomeType.FAILED, reason);
    }

    /** @return a {@link OutcomeType#SKIPPED} outcome; {@code key} may be {@code null} */
    public static Outcome skipped(FileKey key, String reason) {
        return of(key, OutcomeType.SKIPPED, reason);
    }

    private static Outcome of(FileKey key, OutcomeType type, String reason) {
        return key == null
                ? new Outcome(null, null, type, reason)
                : new Outcome(key.fileId(), key.ownerId(), type, reason);
    }
}
