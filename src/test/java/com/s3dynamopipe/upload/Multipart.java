package com.s3dynamopipe.upload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Builds {@code multipart/form-data} bodies byte by byte (RFC 7578), so tests control every header, including
 * file names that HTTP client libraries would rewrite.
 */
final class Multipart {

    private final String boundary = "----test-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** @return the Content-Type header value for this body */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /**
     * Adds a file part; the file name is written as raw UTF-8 inside quotes, as browsers do.
     *
     * @param fileName    file name, or {@code null} for no filename parameter
     * @param contentType part Content-Type, or {@code null} for none
     */
    Multipart file(String fileName, String contentType, byte[] content) {
        return part("file", fileName, contentType, content);
    }

    /** Adds a text part named {@code comment}. */
    Multipart comment(String text) {
        return part("comment", null, null, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds any part. */
    Multipart part(String name, String fileName, String contentType, byte[] content) {
        String disposition =
                "form-data; name=\"" + name + "\"" + (fileName == null ? "" : "; filename=\"" + fileName + "\"");
        return partWithDisposition(disposition, contentType, content);
    }

    /** Adds a part with a Content-Disposition value written exactly as given. */
    Multipart partWithDisposition(String disposition, String contentType, byte[] content) {
        StringBuilder headers = new StringBuilder("--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: ")
                .append(disposition)
                .append("\r\n");
        if (contentType != null) {
            headers.append("Content-Type: ").append(contentType).append("\r\n");
        }
        headers.append("\r\n");
        body.writeBytes(headers.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** @return the finished body, closing delimiter included */
    byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(body.toByteArray());
        copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return copy.toByteArray();
    }
}
