package com.s3dynamopipe.bench;

/** One measured operation (an upload, an invocation); throws when the system under test answered wrongly. */
@FunctionalInterface
interface Op {
    void run() throws Exception;
}
