package com.s3dynamopipe.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Generated inputs: nothing large is ever stored in the repository. */
final class Payloads {

    static final int KIB = 1024;
    static final int MIB = 1024 * KIB;
    static final long GIB = 1024L * MIB;

    private Payloads() {
    }

    /** {@code size} pseudo-random (incompressible) bytes from {@code seed}. */
    static byte[] bytes(int size, long seed) {
        byte[] out = new byte[size];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    /**
     * A stream of {@code size} incompressible bytes: one random MiB repeated, each repetition stamped with its index
     * in its first 8 bytes, so no two MiB are equal. Costs no disk and almost no CPU.
     */
    static InputStream stream(long size, long seed) {
        byte[] block = bytes(MIB, seed);
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                int inBlock = (int) (position % MIB);
                int n = (int) Math.min(Math.min(len, MIB - inBlock), size - position);
                System.arraycopy(block, inBlock, b, off, n);
                long index = position / MIB;
                for (int i = 0; i < n && inBlock + i < 8; i++) {
                    b[off + i] = (byte) (index >>> (8 * (inBlock + i)));
                }
                position += n;
                return n;
            }
        };
    }

    /**
     * The part size the upload API plans for a presigned upload of {@code size} bytes (docs/design.md, "Presigned
     * uploads"): 0 for one PUT (at most 8 MiB), else max(8 MiB, ceil(size / 100) rounded up to a whole MiB).
     */
    static long plannedPartSize(long size) {
        if (size <= 8 * MIB) {
            return 0;
        }
        long perPart = (size + 99) / 100;
        return Math.max(8 * MIB, (perPart + MIB - 1) / MIB * MIB);
    }

    /** Lowercase hex SHA-256 of each {@code partSize}-byte part of a stream, in order, read in 64 KiB chunks. */
    static java.util.List<String> partSha256s(InputStream in, long partSize) throws IOException {
        java.util.List<String> parts = new java.util.ArrayList<>();
        MessageDigest digest = newSha256();
        byte[] chunk = new byte[64 * KIB];
        long inPart = 0;
        for (int n = in.read(chunk, 0, (int) Math.min(chunk.length, partSize)); n >= 0;
                n = in.read(chunk, 0, (int) Math.min(chunk.length, partSize - inPart))) {
            digest.update(chunk, 0, n);
            inPart += n;
            if (inPart == partSize) {
                parts.add(HexFormat.of().formatHex(digest.digest()));
                inPart = 0;
            }
        }
        if (inPart > 0) {
            parts.add(HexFormat.of().formatHex(digest.digest()));
        }
        return parts;
    }

    /** Lowercase hex SHA-256 of a whole stream, read in 64 KiB chunks. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest = newSha256();
        byte[] chunk = new byte[64 * KIB];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            digest.update(chunk, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newSha256().digest(bytes));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A multipart/form-data body as the web page sends it: part {@code file} and part {@code comment}. */
    record Multipart(String contentType, byte[] body) {

        static Multipart of(byte[] file, String fileName, String comment) {
            String boundary = "----bench" + Long.toHexString(new SplittableRandom().nextLong());
            ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 512);
            out.writeBytes(("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes(("\r\n--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"comment\"\r\n\r\n"
                    + comment + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return new Multipart("multipart/form-data; boundary=" + boundary, out.toByteArray());
        }
    }
}
