package com.s3dynamopipe.upload.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cursor decoding and the {@code limit} of {@code GET /files}: plain JUnit, no Quarkus. */
class FileQueryServiceTest {

    private static final String ID = "019372f0-8c4e-7a3b-9d2e-4f1a2b3c4d5e";

    @Test
    void aCursorThisApiReturnedDecodesToItsFileId() {
        String cursor = FileQueryService.encodeCursor(ID);
        assertEquals("MDE5MzcyZjAtOGM0ZS03YTNiLTlkMmUtNGYxYTJiM2M0ZDVl", cursor, "base64url without padding");
        assertEquals(ID, FileQueryService.decodeCursor(cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "MDE5MzcyZjA=", "Li4vZXRjL3Bhc3N3ZA"})
    void anyOtherCursorIsInvalid(String cursor) {
        ProblemException e = assertThrows(ProblemException.class, () -> FileQueryService.decodeCursor(cursor));
        assertEquals("invalid_cursor", e.code());
        assertEquals(400, e.status());
    }

    @Test
    void aCursorOfAnUppercaseIdIsInvalid() {
        String upper = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(ID.toUpperCase().getBytes(StandardCharsets.US_ASCII));
        assertEquals(
                "invalid_cursor",
                assertThrows(ProblemException.class, () -> FileQueryService.decodeCursor(upper))
                        .code());
    }

    @Test
    void limitDefaultsAndAcceptsOneToTheMaximum() {
        assertEquals(FileQueryService.DEFAULT_LIMIT, FileQueryService.parseLimit(null));
        assertEquals(1, FileQueryService.parseLimit("1"));
        assertEquals(FileQueryService.MAX_LIMIT, FileQueryService.parseLimit("100"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "1.5", "ten", "0100", " 5", ""})
    void otherLimitsAreInvalid(String limit) {
        ProblemException e = assertThrows(ProblemException.class, () -> FileQueryService.parseLimit(limit));
        assertEquals("invalid_limit", e.code());
    }
}
