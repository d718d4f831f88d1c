package com.s3dynamopipe.upload;

import java.util.Base64;
import java.util.HexFormat;

/** Small conversions for the presigned path's tests. */
final class PresignedUploadTestSupport {

    private PresignedUploadTestSupport() {}

    /** @return the base64 form of a hex SHA-256 (the {@code x-amz-checksum-sha256} header value) */
    static String base64(String sha256Hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }
}
