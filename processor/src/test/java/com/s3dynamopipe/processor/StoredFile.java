package com.s3dynamopipe.processor;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * A file as a test sets it up: the bytes to store and what the item records about them (by default the truth, or
 * deliberately wrong values to provoke a mismatch). Ids are random, so tests never share an item or an object.
 *
 * @param ownerId        item HASH key
 * @param fileId         item RANGE key
 * @param fileName       recorded file name
 * @param contentType    recorded Content-Type
 * @param bytes          the object's content
 * @param recordedSize   {@code sizeBytes} written on the item
 * @param recordedSha256 {@code sha256} written on the item
 */
record StoredFile(
        String ownerId,
        String fileId,
        String fileName,
        String contentType,
        byte[] bytes,
        long recordedSize,
        String recordedSha256) {

    /** @return a file whose item tells the truth about {@code bytes} */
    static StoredFile of(String fileName, String contentType, byte[] bytes) {
        return new StoredFile(
                "owner-" + UUID.randomUUID(),
                UUID.randomUUID().toString(),
                fileName,
                contentType,
                bytes,
                bytes.length,
                sha256(bytes));
    }

    /** @return the same file, its item recording {@code size} instead */
    StoredFile recordingSize(long size) {
        return new StoredFile(ownerId, fileId, fileName, contentType, bytes, size, recordedSha256);
    }

    /** @return the same file, its item recording {@code sha256} instead */
    StoredFile recordingSha256(String sha256) {
        return new StoredFile(ownerId, fileId, fileName, contentType, bytes, recordedSize, sha256);
    }

    /** @return the object key the upload API would use */
    String objectKey() {
        return "uploads/" + ownerId + "/" + fileId;
    }

    /** @return placeholder values for {@link Fixtures#load} */
    Map<String, String> fixtureValues(String table) {
        return Map.of(
                "table",
                table,
                "ownerId",
                ownerId,
                "fileId",
                fileId,
                "fileName",
                fileName,
                "sizeBytes",
                Long.toString(recordedSize),
                "contentType",
                contentType,
                "sha256",
                recordedSha256);
    }

    /** @return lowercase hex SHA-256 of {@code bytes} */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
