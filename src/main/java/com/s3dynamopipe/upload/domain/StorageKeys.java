package com.s3dynamopipe.upload.domain;

/**
 * The object-key scheme of the bucket (docs/design.md, "Data model" and "Presigned uploads"). Keys hold the owner
 * and file ids only, never the file name.
 */
public final class StorageKeys {

    /** Prefix of every uploaded file's object. */
    public static final String UPLOADS_PREFIX = "uploads/";

    /** Prefix of everything an unfinished presigned upload keeps; the bucket's lifecycle rule empties it. */
    public static final String PENDING_PREFIX = "pending/";

    private StorageKeys() {}

    /** @return {@code uploads/<ownerId>/<fileId>}, where a file's bytes live (the item's {@code objectKey}) */
    public static String file(String ownerId, String fileId) {
        return UPLOADS_PREFIX + ownerId + "/" + fileId;
    }

    /** @return {@code pending/<ownerId>/<fileId>}, where a single presigned PUT puts the bytes until completion */
    public static String staged(String ownerId, String fileId) {
        return PENDING_PREFIX + ownerId + "/" + fileId;
    }

    /** @return {@code pending/<ownerId>/<fileId>.upload.json}, the pending upload record */
    public static String manifest(String ownerId, String fileId) {
        return staged(ownerId, fileId) + ".upload.json";
    }
}
