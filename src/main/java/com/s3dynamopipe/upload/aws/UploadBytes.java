package com.s3dynamopipe.upload.aws;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The bytes of one direct upload where they already lie in memory (a range of the request body, never copied),
 * with their SHA-256, computed while the body was read (docs/design.md, "Passes over the bytes").
 *
 * @param buffer the array holding the bytes; shared, not copied: nothing may write to it afterwards
 * @param offset index of the first byte in {@code buffer}
 * @param length number of bytes
 * @param sha256 the 32-byte SHA-256 digest of exactly these bytes, or {@code null} when it was not computed (a part
 *               larger than the upload cap, which is refused before anything is stored)
 */
public record UploadBytes(byte[] buffer, int offset, int length, byte[] sha256) {

    /** Compact constructor: checks that the range lies inside the buffer and the digest has 32 bytes. */
    public UploadBytes {
        if (offset < 0 || length < 0 || offset > buffer.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + buffer.length);
        }
        if (sha256 != null && sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + sha256.length);
        }
    }

    /** @return a fresh stream over the bytes (no copy); one per attempt of a request */
    public InputStream newStream() {
        return new ByteArrayInputStream(buffer, offset, length);
    }

    /** @return the digest as 64 lowercase hex digits (the item's {@code sha256}) */
    public String sha256Hex() {
        return HexFormat.of().formatHex(digest());
    }

    /** @return the digest in base64, as S3's {@code x-amz-checksum-sha256} carries it */
    public String sha256Base64() {
        return Base64.getEncoder().encodeToString(digest());
    }

    private byte[] digest() {
        if (sha256 == null) {
            throw new IllegalStateException("the SHA-256 of these bytes was not computed");
        }
        return sha256;
    }
}
