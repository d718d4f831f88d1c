package com.s3dynamopipe.upload.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The field rules both upload paths share: plain JUnit, no Quarkus. */
class UploadRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/plain",
                "application/octet-stream",
                "image/svg+xml",
                "text/plain; charset=utf-8",
                "text/plain;charset=\"utf-8\"",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "multipart/mixed; boundary=\"a b\"",
                "x-custom/x.y-z_1"
            })
    void validMediaTypesAreAccepted(String contentType) {
        assertDoesNotThrow(() -> UploadRules.checkContentType(contentType, UploadRules.Body.MULTIPART));
    }

    @Test
    void anAbsentContentTypeIsAcceptedAndStoredAsOctetStream() {
        assertDoesNotThrow(() -> UploadRules.checkContentType(null, UploadRules.Body.MULTIPART));
        assertEquals("application/octet-stream", UploadRules.contentTypeOrDefault(null));
        assertEquals("text/plain", UploadRules.contentTypeOrDefault("text/plain"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "text",
                "text/",
                "/plain",
                "text/plain;",
                "text/plain; charset",
                "text/plain\r\nX-Injected: 1",
                "text /plain",
                "text/plain; a=\"unterminated",
                "tëxt/plain"
            })
    void malformedMediaTypesAreRefused(String contentType) {
        ProblemException e = assertThrows(
                ProblemException.class, () -> UploadRules.checkContentType(contentType, UploadRules.Body.MULTIPART));
        assertEquals("invalid_content_type", e.code());
    }

    @Test
    void aMediaTypeLongerThan255CharactersIsRefused() {
        String longType = "text/" + "x".repeat(120) + "; a=" + "y".repeat(130);
        assertEquals(
                "invalid_content_type",
                assertThrows(
                                ProblemException.class,
                                () -> UploadRules.checkContentType(longType, UploadRules.Body.MULTIPART))
                        .code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "line\nbreak", "bidi\u202Ename", "lone\uD800", "\uDC00lone"})
    void fileNamesThatCannotBeKeptAreRefused(String name) {
        assertEquals(
                "invalid_file_name",
                assertThrows(ProblemException.class, () -> UploadRules.checkFileName(name, UploadRules.Body.MULTIPART))
                        .code());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "report.pdf",
                "back\\slash.txt",
                "100% \"quoted\"; <b>.html",
                "日本語.txt",
                "😀.png",
                "\uD836\uDC00.txt",
                "\uD876\uDC00.txt"
            })
    void printableNamesAreKept(String name) {
        assertDoesNotThrow(() -> UploadRules.checkFileName(name, UploadRules.Body.MULTIPART));
    }

    @Test
    void commentsKeepTabsAndLineBreaksButNotOtherControls() {
        assertDoesNotThrow(() -> UploadRules.checkComment("a\tb\r\nc"));
        assertEquals(
                "invalid_comment",
                assertThrows(ProblemException.class, () -> UploadRules.checkComment("a\u0000b"))
                        .code());
        assertEquals(
                "invalid_comment",
                assertThrows(ProblemException.class, () -> UploadRules.checkComment("unpaired \uD83D"))
                        .code());
        assertDoesNotThrow(() -> UploadRules.checkComment("paired \uD83D\uDE00 and U+1D800 \uD836\uDC00"));
        assertEquals(
                "comment_too_long",
                assertThrows(
                                ProblemException.class,
                                () -> UploadRules.checkComment("x".repeat(UploadRules.MAX_COMMENT_CHARACTERS + 1)))
                        .code());
    }

    @Test
    void sha256MustBe64LowercaseHexDigits() {
        assertTrue(UploadRules.isSha256Hex("a".repeat(64)));
        assertFalse(UploadRules.isSha256Hex("A".repeat(64)));
        assertFalse(UploadRules.isSha256Hex("a".repeat(63)));
        assertFalse(UploadRules.isSha256Hex(null));
    }

    @Test
    void tooLargeNamesTheLimit() {
        ProblemException e = UploadRules.fileTooLarge(42);
        assertEquals(413, e.status());
        assertEquals(42L, e.extensions().get("limitBytes"));
    }
}
