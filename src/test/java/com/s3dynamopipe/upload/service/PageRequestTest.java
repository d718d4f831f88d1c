package com.s3dynamopipe.upload.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The query rules of {@code GET /files} (cursor, {@code limit}, each once): plain JUnit, no Quarkus. */
class PageRequestTest {

    private static final String ID = "019372f0-8c4e-7a3b-9d2e-4f1a2b3c4d5e";

    @Test
    void aCursorThisApiReturnedDecodesToItsFileId() {
        String cursor = PageRequest.cursorAfter(ID);
        assertEquals("MDE5MzcyZjAtOGM0ZS03YTNiLTlkMmUtNGYxYTJiM2M0ZDVl", cursor, "base64url without padding");
        assertEquals(ID, PageRequest.decodeCursor(cursor));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not base64!", "MDE5MzcyZjA=", "Li4vZXRjL3Bhc3N3ZA"})
    void anyOtherCursorIsInvalid(String cursor) {
        ProblemException e = assertThrows(ProblemException.class, () -> PageRequest.decodeCursor(cursor));
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
                assertThrows(ProblemException.class, () -> PageRequest.decodeCursor(upper))
                        .code());
    }

    @Test
    void limitDefaultsAndAcceptsOneToTheMaximum() {
        assertEquals(PageRequest.DEFAULT_LIMIT, PageRequest.parseLimit(null));
        assertEquals(1, PageRequest.parseLimit("1"));
        assertEquals(PageRequest.MAX_LIMIT, PageRequest.parseLimit("100"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "1.5", "ten", "0100", " 5", ""})
    void otherLimitsAreInvalid(String limit) {
        ProblemException e = assertThrows(ProblemException.class, () -> PageRequest.parseLimit(limit));
        assertEquals("invalid_limit", e.code());
    }

    @Test
    void eachParameterMayComeOnce() {
        String cursor = PageRequest.cursorAfter(ID);
        assertEquals(new PageRequest(5, ID), PageRequest.of(List.of("5"), List.of(cursor)));
        assertEquals(new PageRequest(PageRequest.DEFAULT_LIMIT, null), PageRequest.of(null, null));
        assertEquals(
                "invalid_limit",
                assertThrows(ProblemException.class, () -> PageRequest.of(List.of("5", "5"), null))
                        .code());
        assertEquals(
                "invalid_cursor",
                assertThrows(ProblemException.class, () -> PageRequest.of(null, List.of(cursor, cursor)))
                        .code());
    }
}
