package com.s3dynamopipe.upload.service;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The field rules both upload paths share (docs/design.md, "HTTP API"): file name, Content-Type, comment, SHA-256
 * digests and the size cap's problem. {@link UploadValidator} applies them to a {@code POST /upload} form,
 * {@link PresignedValidator} to a {@code POST /uploads} announcement. Every check throws a {@link ProblemException}
 * with the design's code when a rule is broken.
 */
public final class UploadRules {

    /** Longest accepted comment, in Unicode code points. */
    public static final int MAX_COMMENT_CHARACTERS = 1000;

    /** Longest accepted file name, in Unicode code points. */
    public static final int MAX_FILE_NAME_CHARACTERS = 255;

    /** Content-Type used when the part has none. */
    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private static final int MAX_CONTENT_TYPE_LENGTH = 255;

    // RFC 6838 restricted-name for type and subtype, then RFC 9110 parameters (token = token / quoted-string).
    private static final String RESTRICTED_NAME = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}";
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String QUOTED = "\"(?:[\\t \\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\t \\x21-\\x7E])*\"";
    private static final Pattern MEDIA_TYPE = Pattern.compile(RESTRICTED_NAME + "/" + RESTRICTED_NAME
            + "(?:[ \\t]*;[ \\t]*" + TOKEN + "=(?:" + TOKEN + "|" + QUOTED + "))*");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private UploadRules() {}

    /**
     * The body a field came in, so that a refusal names it as the client sent it: a part of the {@code POST /upload}
     * form, or a member of a {@code POST /uploads} JSON body.
     */
    public enum Body {
        /** {@code multipart/form-data}: the {@code file} part's file name and Content-Type. */
        MULTIPART(
                "The file part needs a non-empty file name (a filename or filename* parameter).",
                "The file part's Content-Type"),
        /** JSON: the members {@code fileName} and {@code contentType}. */
        JSON("fileName must be a non-empty string.", "contentType");

        private final String emptyFileName;
        private final String contentType;

        Body(String emptyFileName, String contentType) {
            this.emptyFileName = emptyFileName;
            this.contentType = contentType;
        }
    }

    /**
     * File names are metadata only (they never reach object keys), so any name that is legal on the uploader's
     * system and can be shown safely is kept as sent: printable Unicode, including {@code \} (legal on Linux and
     * macOS), quotes, {@code %}, {@code ;}, HTML and emoji. Each refusal's detail says why the name cannot be kept.
     *
     * @param name the name as sent
     * @param body the body it came in (names the field in the detail)
     * @throws ProblemException {@code invalid_file_name} if absent or empty; {@code .} or {@code ..} (they name
     *                          folders); containing {@code /} (it separates folders on every system, so the name
     *                          is a path); a control character (C0, DEL, C1: line breaks and escape sequences
     *                          would break the page, the logs and the download's header); a Unicode bidirectional
     *                          control (U+202A–U+202E, U+2066–U+2069: they make a name read differently from
     *                          what it is); an unpaired surrogate (a UTF-16 surrogate without its pair, which a JSON
     *                          escape can send: UTF-8 cannot store it, so the stored name would differ); or
     *                          longer than 255 code points (with {@code limitCharacters})
     */
    public static void checkFileName(String name, Body body) {
        if (name == null || name.isEmpty()) {
            throw invalidName(body.emptyFileName);
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalidName(
                    "The file name cannot be \".\" or \"..\": they name folders, not files, on every " + "system.");
        }
        if (name.codePointCount(0, name.length()) > MAX_FILE_NAME_CHARACTERS) {
            throw new ProblemException(
                    400,
                    "invalid_file_name",
                    "The file name is longer than " + MAX_FILE_NAME_CHARACTERS + " characters.",
                    Map.of("limitCharacters", MAX_FILE_NAME_CHARACTERS));
        }
        if (hasUnpairedSurrogate(name)) {
            throw invalidName(unpairedSurrogate("The file name"));
        }
        name.codePoints().forEach(c -> {
            if (c == '/') {
                throw invalidName("The file name cannot contain \"/\": it separates folders on every system, so "
                        + "the name is a path. Send the file's own name.");
            }
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                throw invalidName("The file name cannot contain control characters (such as line breaks, which "
                        + "browsers send as %0D or %0A): they cannot be shown safely.");
            }
            if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
                throw invalidName("The file name cannot contain bidirectional control characters: they make a "
                        + "name read differently from what it is.");
            }
        });
    }

    /**
     * @param contentType the Content-Type as sent, or {@code null}
     * @param body        the body it came in (names the field in the detail)
     * @throws ProblemException {@code invalid_content_type} unless absent or a syntactically valid media type
     *                          ({@code type/subtype} with optional parameters, RFC 6838 / RFC 9110) of at most 255
     *                          characters
     */
    public static void checkContentType(String contentType, Body body) {
        if (contentType == null) {
            return;
        }
        if (contentType.length() > MAX_CONTENT_TYPE_LENGTH
                || !MEDIA_TYPE.matcher(contentType).matches()) {
            throw ProblemException.badRequest(
                    "invalid_content_type", body.contentType + " is not a valid media type (RFC 6838).");
        }
    }

    /**
     * @param contentType the Content-Type as sent, or {@code null}
     * @return the Content-Type to store: as sent, or {@value #DEFAULT_CONTENT_TYPE} when absent
     */
    public static String contentTypeOrDefault(String contentType) {
        return contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
    }

    /**
     * @param value a digest as sent, or {@code null}
     * @return whether it is a SHA-256 digest as 64 lowercase hexadecimal digits
     */
    public static boolean isSha256Hex(String value) {
        return value != null && SHA256_HEX.matcher(value).matches();
    }

    /**
     * @param limitBytes the cap to report
     * @return the 413 {@code file_too_large} problem, with {@code limitBytes}
     */
    public static ProblemException fileTooLarge(long limitBytes) {
        return new ProblemException(
                413,
                "file_too_large",
                "The file is larger than " + limitBytes + " bytes.",
                Map.of("limitBytes", limitBytes));
    }

    /**
     * @param comment the comment text
     * @throws ProblemException {@code comment_too_long} (with {@code limitCharacters}) above 1,000 code points;
     *                          {@code invalid_comment} for a control character other than tab, line feed and
     *                          carriage return (C0, DEL, C1: NUL and the like are never stored), or for an
     *                          unpaired surrogate (UTF-8 cannot store it)
     */
    public static void checkComment(String comment) {
        if (comment.codePointCount(0, comment.length()) > MAX_COMMENT_CHARACTERS) {
            throw new ProblemException(
                    400,
                    "comment_too_long",
                    "The comment is longer than " + MAX_COMMENT_CHARACTERS + " characters.",
                    Map.of("limitCharacters", MAX_COMMENT_CHARACTERS));
        }
        boolean control =
                comment.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r');
        if (control) {
            throw ProblemException.badRequest(
                    "invalid_comment",
                    "The comment cannot contain control characters (other than tabs and line breaks).");
        }
        if (hasUnpairedSurrogate(comment)) {
            throw ProblemException.badRequest("invalid_comment", unpairedSurrogate("The comment"));
        }
    }

    /**
     * @return whether {@code text} holds a UTF-16 surrogate without its pair: {@link String#codePoints()} yields such a
     *         unit as a code point of its own in U+D800–U+DFFF, while a pair yields one supplementary code point
     */
    private static boolean hasUnpairedSurrogate(String text) {
        return text.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    private static String unpairedSurrogate(String subject) {
        return subject + " holds an unpaired surrogate (a \\uD800-\\uDFFF escape without its pair): it is not "
                + "Unicode text, and UTF-8 cannot store it as sent.";
    }

    private static ProblemException invalidName(String detail) {
        return ProblemException.badRequest("invalid_file_name", detail);
    }
}
