package com.s3dynamopipe.processor.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Values of the item attribute {@code status} (docs/design.md, "Data model"):
 * {@code UPLOADED → PROCESSING → PROCESSED | FAILED}.
 */
@RegisterForReflection
public enum FileStatus {
    /** Written by the upload API with the item. */
    UPLOADED,
    /** Claimed by the processor; a retried delivery may claim it again. */
    PROCESSING,
    /** Terminal: the object matched its item. */
    PROCESSED,
    /** Terminal: a permanent fault, see {@code failureReason}. */
    FAILED
}
