package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /upload} reads the body in 64 KiB steps and frames each step as it comes (docs/design.md, "Passes over
 * the bytes"): file bytes that look like the start of a boundary, and such look-alikes cut by the end of a step, must
 * reach S3 and the item's {@code sha256} unchanged. Each case uploads through the Lambda event path and compares
 * the stored object and the recorded SHA-256 with the bytes sent.
 */
@QuarkusTest
class DirectUploadFramingTest {

    /** Bytes per read step of the function ({@code MultipartBody.CHUNK_BYTES}). */
    static final int STEP = 64 * 1024;

    static final String BOUNDARY = "----framing-4c1b7e";

    StorageProbe storage() {
        return StorageProbe.ofApplication();
    }

    @Test
    void fileFullOfBoundaryLookAlikesIsStoredByteForByte() {
        // "\r\n--" and the boundary without its last character, over and over: many read steps end inside one.
        byte[] lookAlike =
                ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "#").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        Random random = new Random(31);
        while (content.size() < 5 * STEP) {
            content.write(lookAlike, 0, 1 + random.nextInt(lookAlike.length));
            int next = random.nextInt(256);
            // Never the boundary's last character: that would make a whole delimiter, which ends the part.
            content.write(next == BOUNDARY.charAt(BOUNDARY.length() - 1) ? next + 1 : next);
        }
        assertStored(content.toByteArray(), 0);
    }

    @Test
    void filePartStartingWithALookAlikeCutByAReadStepIsStoredByteForByte() {
        byte[] start = ("\r\n--" + BOUNDARY.substring(0, 10)).getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[3 * STEP];
        new Random(32).nextBytes(content);
        System.arraycopy(start, 0, content, 0, start.length);
        // The file's first bytes are the last two of the first step: "\r\n" ends it, "--…" begins the next.
        for (int cut = 1; cut <= 3; cut++) {
            assertStored(content, STEP - cut);
        }
    }

    @Test
    void partSentWithBase64TransferEncodingIsStoredDecoded() {
        byte[] content = "transfer-encoded bytes \u00e9".getBytes(StandardCharsets.UTF_8);
        String body = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b64.txt\"\r\n"
                + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString(content) + "\r\n--" + BOUNDARY + "--\r\n";
        assertFileStored(body.getBytes(StandardCharsets.US_ASCII), content);
    }

    /**
     * Uploads {@code content} as the file part of a form whose first part (a field the API ignores) is sized so that
     * the file's first byte lies at {@code fileOffset} of the body (0: right after the file part's headers).
     */
    void assertStored(byte[] content, int fileOffset) {
        String fileHead = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"edge.bin\""
                + "\r\nContent-Type: application/octet-stream\r\n\r\n";
        String fieldHead = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (fileOffset > 0) {
            int filler = fileOffset - fieldHead.length() - 2 - fileHead.length();
            body.writeBytes(fieldHead.getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("n".repeat(filler).getBytes(StandardCharsets.US_ASCII));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(fileHead.getBytes(StandardCharsets.US_ASCII));
        if (fileOffset > 0) {
            assertEquals(fileOffset, body.size(), "the file starts where the case wants it");
        }
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        assertFileStored(body.toByteArray(), content);
    }

    /**
     * POSTs {@code body}, a form with the boundary {@link #BOUNDARY}, and checks that the answer, the stored object
     * and the recorded SHA-256 are those of {@code content}, the file the form carries.
     */
    void assertFileStored(byte[] body, byte[] content) {
        String token = UploadApiTest.freshToken();
        String fileId = UploadApiTest.as(token)
                .contentType("multipart/form-data; boundary=" + BOUNDARY)
                .body(body)
                .post("/upload")
                .then()
                .statusCode(201)
                .body("sizeBytes", equalTo(content.length))
                .body("sha256", equalTo(UploadApiTest.sha256(content)))
                .extract()
                .path("fileId");
        assertArrayEquals(content, storage().object("uploads/" + Tokens.subject(token) + "/" + fileId));
    }
}
