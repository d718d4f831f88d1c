package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.domain.StorageKeys;
import java.util.regex.Pattern;

/**
 * Object keys as log lines may show them: {@code uploads/<ownerId>/<rest>} becomes {@code uploads/…/<rest>}, since
 * logs never carry the raw owner id (the line's {@code ownerRef} names the owner; docs/design.md, "Logs and
 * metrics").
 */
final class ObjectKeys {

    private static final Pattern OWNER_SEGMENT = Pattern.compile(StorageKeys.UPLOADS_PREFIX + "[^/]+/");

    private ObjectKeys() {}

    /**
     * @param text an object key, or a path or message containing one
     * @return the same text with the owner segment of every key replaced by {@code …}
     */
    static String forLogs(String text) {
        return text == null ? null : OWNER_SEGMENT.matcher(text).replaceAll("uploads/…/");
    }
}
