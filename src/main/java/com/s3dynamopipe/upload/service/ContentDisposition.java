package com.s3dynamopipe.upload.service;

import java.nio.charset.StandardCharsets;

/**
 * Builds {@code Content-Disposition: attachment} values for downloads (RFC 6266, section 4.3): an ASCII
 * {@code filename="..."} fallback for old clients, then the exact name as {@code filename*=UTF-8''...} in the
 * RFC 8187 (formerly RFC 5987) ext-value encoding, which clients that know it prefer. Upload parts'
 * {@code Content-Disposition} headers are read by {@link PartDisposition}.
 */
public final class ContentDisposition {

    private ContentDisposition() {}

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
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
