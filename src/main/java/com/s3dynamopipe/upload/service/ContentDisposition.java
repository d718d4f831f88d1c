package com.s3dynamopipe.upload.service;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds {@code Content-Disposition: attachment} values for downloads (RFC 6266, section 4.3): an ASCII
 * {@code filename="..."} fallback for old clients, then the exact name as {@code filename*=UTF-8''...} in the
 * RFC 8187 (formerly RFC 5987) ext-value encoding, which clients that know it prefer. Also reads the
 * {@code filename*} parameter of an upload part's {@code Content-Disposition}.
 */
public final class ContentDisposition {

    private ContentDisposition() {
    }

    /**
     * @param fileName any name the API accepted (printable Unicode, no {@code /} or {@code \})
     * @return e.g. {@code attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf}
     */
    public static String attachment(String fileName) {
        return "attachment; filename=\"" + asciiFallback(fileName) + "\"; filename*=UTF-8''" + extValue(fileName);
    }

    /**
     * @return the name with every character outside printable ASCII, and {@code "} and {@code \}, replaced by
     *         {@code _} (one per code point)
     */
    static String asciiFallback(String fileName) {
        StringBuilder out = new StringBuilder();
        fileName.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char) c : '_'));
        return out.toString();
    }

    /** @return the UTF-8 bytes, attr-chars (RFC 8187, section 3.2.1) as they are, all others as {@code %XX} */
    static String extValue(String fileName) {
        StringBuilder out = new StringBuilder();
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Reads the RFC 8187 {@code filename*} parameter of a multipart part's Content-Disposition (RFC 7578 allows
     * it; RFC 6266 section 4.3: it wins over {@code filename}). Percent-decoding only: a {@code +} stays a plus.
     *
     * @param disposition the header value, e.g. {@code form-data; name="file"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt}
     * @return the decoded name, or empty when the header has no {@code filename*} parameter
     * @throws ProblemException 400 {@code invalid_file_name} when {@code filename*} is not
     *                          {@code charset'[language]'percent-encoded-value} with charset {@code UTF-8} or
     *                          {@code ISO-8859-1}, or its bytes are not valid in that charset
     */
    public static Optional<String> extendedFileName(String disposition) {
        String raw = parameter(disposition, "filename*");
        if (raw == null) {
            return Optional.empty();
        }
        int first = raw.indexOf('\'');
        int second = first < 0 ? -1 : raw.indexOf('\'', first + 1);
        if (second < 0) {
            throw malformed();
        }
        Charset charset = switch (raw.substring(0, first).toUpperCase(Locale.ROOT)) {
            case "UTF-8" -> StandardCharsets.UTF_8;
            case "ISO-8859-1" -> StandardCharsets.ISO_8859_1;
            default -> throw malformed();
        };
        String encoded = raw.substring(second + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    throw malformed();
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0x20 && c < 0x7F) {
                bytes.write(c);
            } else {
                throw malformed();
            }
        }
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            throw malformed();
        }
    }

    /**
     * @param header a header value of the form {@code value *( ";" name "=" ( token / quoted-string ) )}
     * @param name   parameter name, matched case-insensitively
     * @return the first value of that parameter (a quoted string unquoted and unescaped), or {@code null}
     */
    static String parameter(String header, String name) {
        int i = header.indexOf(';');
        while (i >= 0 && i < header.length()) {
            i++;
            int equals = header.indexOf('=', i);
            int semicolon = header.indexOf(';', i);
            if (equals < 0) {
                return null;
            }
            if (semicolon >= 0 && semicolon < equals) {
                i = semicolon;
                continue;
            }
            String found = header.substring(i, equals).trim();
            int start = equals + 1;
            while (start < header.length() && (header.charAt(start) == ' ' || header.charAt(start) == '\t')) {
                start++;
            }
            StringBuilder value = new StringBuilder();
            int end;
            if (start < header.length() && header.charAt(start) == '"') {
                end = start + 1;
                while (end < header.length() && header.charAt(end) != '"') {
                    if (header.charAt(end) == '\\' && end + 1 < header.length()) {
                        end++;
                    }
                    value.append(header.charAt(end));
                    end++;
                }
                end = header.indexOf(';', end);
            } else {
                end = header.indexOf(';', start);
                value.append((end < 0 ? header.substring(start) : header.substring(start, end)).trim());
            }
            if (found.equalsIgnoreCase(name)) {
                return value.toString();
            }
            i = end;
        }
        return null;
    }

    private static ProblemException malformed() {
        return ProblemException.badRequest("invalid_file_name",
                "The filename* parameter is not a valid RFC 8187 value (UTF-8'' followed by percent-encoded bytes).");
    }
}
