package com.s3dynamopipe.upload.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 digests in the two spellings the system uses: lowercase hex (the API, the table) and base64 (S3's
 * {@code x-amz-checksum-sha256}), and S3's composite checksum of a multipart object.
 */
public final class Sha256 {

    private Sha256() {}

    /**
     * @param hex a digest as 64 lowercase hexadecimal digits
     * @return the same 32 bytes in base64, as {@code x-amz-checksum-sha256} carries them
     */
    public static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    /**
     * The composite checksum S3 keeps for a multipart object created with {@code ChecksumAlgorithm SHA256}: the
     * SHA-256 of the parts' digests concatenated in part order, in base64, then {@code -} and the part count (AWS doc
     * "Checking object integrity", "Using part-level checksums for multipart uploads").
     *
     * @param partSha256 each part's digest in lowercase hex, part 1 first
     * @return e.g. {@code "q1w2…=-3"}
     */
    public static String composite(List<String> partSha256) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        partSha256.forEach(hex -> digest.update(HexFormat.of().parseHex(hex)));
        return Base64.getEncoder().encodeToString(digest.digest()) + "-" + partSha256.size();
    }
}
