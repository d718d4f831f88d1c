package com.s3dynamopipe.upload.service;

import java.nio.charset.Charset;

/**
 * The {@code Content-Disposition} of one {@code multipart/form-data} part (RFC 7578, section 4.2), read the way the
 * clients people use write it:
 * <ul>
 * <li>quoted-strings with quoted-pairs (RFC 9110, section 5.6.4), as curl writes {@code filename="\"q\" r.txt"};
 * a backslash before any other character is kept, since browsers send names such as {@code a\b.txt} (legal on
 * Linux and macOS) and old Windows paths without escaping them;</li>
 * <li>the escapes of HTML's multipart/form-data encoding (WHATWG HTML, "multipart/form-data encoding algorithm"):
 * browsers write {@code "}, CR and LF in {@code name} and {@code filename} as {@code %22}, {@code %0D} and
 * {@code %0A} and escape nothing else, so exactly these three are decoded (a literal {@code %22} in a name sent
 * by another client cannot be told apart, and also becomes {@code "}: such clients should send {@code filename*});</li>
 * <li>{@code filename*} (RFC 8187, formerly RFC 5987; charset {@code UTF-8} or {@code ISO-8859-1}), which wins
 * over {@code filename} (RFC 6266, section 4.3) and is percent-decoded only, so {@code +} stays a plus;</li>
 * <li>RFC 2047 encoded-words in {@code filename} ({@code =?UTF-8?B?...?=}), as some mail-derived clients send;</li>
 * <li>parameters in any order and token or quoted values.</li>
 * </ul>
 * The tokenizer is Spring Framework's {@code ContentDisposition.parse} (the only parser on hand that keeps
 * unescaped backslashes and checks {@code filename*} strictly; docs/design.md says why). RFC 2231 continuations
 * ({@code filename*0*=}), a mail-only form that HTTP clients do not send, are not joined: such a part has no name.
 *
 * @param type     the disposition type, lower case, e.g. {@code form-data}
 * @param name     the {@code name} parameter, or {@code null}
 * @param fileName the file name ({@code filename*}, else {@code filename}), or {@code null} when the part has none
 */
public record PartDisposition(String type, String name, String fileName) {

    /** The disposition type of every part of a form (RFC 7578, section 4.2). */
    public static final String FORM_DATA = "form-data";

    /**
     * @param header the part's {@code Content-Disposition} value, e.g.
     *               {@code form-data; filename="\"quoted\" report.txt"; name="file"}
     * @return its type, name and file name, decoded as described above
     * @throws ProblemException 400 {@code invalid_file_name} when a {@code filename*} is not
     *                          {@code charset'[language]'percent-encoded-bytes} with charset {@code UTF-8} or
     *                          {@code ISO-8859-1}, or its bytes are not valid in that charset; 400
     *                          {@code malformed_body} when the header cannot be read at all
     */
    public static PartDisposition parse(String header) {
        org.springframework.http.ContentDisposition parsed;
        try {
            parsed = org.springframework.http.ContentDisposition.parse(header);
        } catch (IllegalArgumentException e) {
            if (header.toLowerCase(java.util.Locale.ROOT).contains("filename")) {
                throw invalidExtendedName();
            }
            throw ProblemException.badRequest(
                    "malformed_body", "A part's Content-Disposition header could not be read.");
        }
        String fileName = parsed.getFilename();
        Charset charset = parsed.getCharset();
        if (fileName != null && charset == null) {
            // A plain filename (not filename*, not an encoded-word): undo the browsers' escapes.
            fileName = unescapeHtmlFormName(fileName);
        } else if (fileName != null
                && fileName.indexOf('\uFFFD') >= 0
                && !header.toUpperCase(java.util.Locale.ROOT).contains("%EF%BF%BD")) {
            // Spring decodes invalid bytes to U+FFFD; a name that was not sent as U+FFFD itself was not valid.
            throw invalidExtendedName();
        }
        String name = parsed.getName() == null ? null : unescapeHtmlFormName(parsed.getName());
        return new PartDisposition(
                parsed.getType() == null ? "" : parsed.getType().toLowerCase(java.util.Locale.ROOT), name, fileName);
    }

    /** @return whether this is a {@code form-data} part, the only kind a form holds */
    public boolean isFormData() {
        return FORM_DATA.equals(type);
    }

    /**
     * Reverses HTML's escaping of field names and file names (WHATWG HTML, multipart/form-data encoding algorithm:
     * LF as {@code %0A}, CR as {@code %0D}, {@code "} as {@code %22}; nothing else is escaped, so nothing else is
     * decoded).
     *
     * @param value a {@code name} or {@code filename} as sent
     * @return the value with those three escapes decoded
     */
    static String unescapeHtmlFormName(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        return value.replace("%0A", "\n").replace("%0D", "\r").replace("%22", "\"");
    }

    private static ProblemException invalidExtendedName() {
        return ProblemException.badRequest(
                "invalid_file_name",
                "The filename* parameter is not a valid RFC 8187 value (UTF-8'' or ISO-8859-1'' followed by "
                        + "percent-encoded bytes valid in that charset).");
    }
}
