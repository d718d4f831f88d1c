package com.s3dynamopipe.processor.model;

/**
 * A stream record that cannot be acted on (missing members, unexpected DynamoDB-JSON types); a permanent fault
 * that the processor never throws for: {@link OutcomeType#FAILED} on the item when the record's keys name one,
 * {@link OutcomeType#SKIPPED} otherwise.
 */
public class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param reason for people: what is wrong with the record */
    public InvalidRecordException(String reason) {
        super(reason, null, false, false);
    }
}
