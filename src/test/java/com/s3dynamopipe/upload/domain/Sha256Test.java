package com.s3dynamopipe.upload.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The digest spellings S3 uses: plain JUnit, no Quarkus. */
class Sha256Test {

    // SHA-256 of "a" and of "b".
    private static final String A = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
    private static final String B = "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d";

    @Test
    void hexBecomesTheBase64OfTheSameBytes() {
        assertEquals("ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs=", Sha256.base64(A));
    }

    @Test
    void theCompositeChecksumIsTheDigestOfThePartDigestsWithThePartCount() {
        assertEquals("5aAf7hTg7VxIcU8iGA8lrYNltT+XefedxKPX6Tlj+Uo=-2", Sha256.composite(List.of(A, B)));
    }
}
