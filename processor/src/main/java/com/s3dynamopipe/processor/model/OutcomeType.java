package com.s3dynamopipe.processor.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** What the processor did with one stream record (docs/design.md, "Processor output"). */
@RegisterForReflection
public enum OutcomeType {
    /** The object matched its item; the item is now {@code PROCESSED} with {@code detectedContentType}. */
    PROCESSED,
    /** A permanent fault (object missing, size or checksum mismatch); the item is now {@code FAILED}. */
    FAILED,
    /** Nothing to do: not an INSERT of this table, malformed, or the item already reached a terminal status. */
    SKIPPED
}
