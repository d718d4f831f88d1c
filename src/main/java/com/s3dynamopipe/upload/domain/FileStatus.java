package com.s3dynamopipe.upload.domain;

/**
 * Values of the item attribute {@code status} (docs/design.md, "Data model"):
 * {@code UPLOADED → PROCESSING → PROCESSED | FAILED}. The same names as the processor's {@code FileStatus}; the
 * upload API writes only {@link #UPLOADED} and reads the others.
 */
public enum FileStatus {
    /** Written by the upload API with the item. */
    UPLOADED,
    /** Claimed by the processor. */
    PROCESSING,
    /** Terminal: the object matched its item. */
    PROCESSED,
    /** Terminal: a permanent fault, see {@code failureReason}. */
    FAILED
}
