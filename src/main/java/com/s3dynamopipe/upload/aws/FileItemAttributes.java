package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.domain.FileItem;
import com.s3dynamopipe.upload.domain.FileStatus;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A {@link FileItem} as DynamoDB attribute values, attribute for attribute as docs/design.md ("Data model") names them. */
final class FileItemAttributes {

    private FileItemAttributes() {}

    /**
     * Reads an item as returned by GetItem, Query or DeleteItem (DynamoDB JSON attribute values).
     *
     * @param item the attribute map; unknown attributes are ignored
     * @return the record
     * @throws NumberFormatException    if {@code sizeBytes} is not a number
     * @throws IllegalArgumentException if {@code status} is not a {@link FileStatus} name
     */
    static FileItem from(Map<String, AttributeValue> item) {
        String size = s(item, "sizeBytes", true);
        String status = s(item, "status", false);
        return new FileItem(
                s(item, "ownerId", false),
                s(item, "fileId", false),
                s(item, "objectKey", false),
                s(item, "fileName", false),
                size == null ? 0L : Long.parseLong(size),
                s(item, "contentType", false),
                s(item, "sha256", false),
                s(item, "comment", false),
                status == null ? null : FileStatus.valueOf(status),
                s(item, "createdAt", false),
                s(item, "processingStartedAt", false),
                s(item, "processedAt", false),
                s(item, "detectedContentType", false),
                s(item, "failureReason", false));
    }

    /**
     * Writes the item as a PutItem attribute map; {@code null} members are left out.
     *
     * @return attribute name to DynamoDB value
     */
    static Map<String, AttributeValue> toItem(FileItem file) {
        Map<String, AttributeValue> item = new HashMap<>();
        put(item, "ownerId", file.ownerId());
        put(item, "fileId", file.fileId());
        put(item, "objectKey", file.objectKey());
        put(item, "fileName", file.fileName());
        item.put("sizeBytes", AttributeValue.fromN(Long.toString(file.sizeBytes())));
        put(item, "contentType", file.contentType());
        put(item, "sha256", file.sha256());
        put(item, "comment", file.comment());
        put(item, "status", file.status() == null ? null : file.status().name());
        put(item, "createdAt", file.createdAt());
        put(item, "processingStartedAt", file.processingStartedAt());
        put(item, "processedAt", file.processedAt());
        put(item, "detectedContentType", file.detectedContentType());
        put(item, "failureReason", file.failureReason());
        return item;
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String s(Map<String, AttributeValue> item, String name, boolean number) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return null;
        }
        return number ? value.n() : value.s();
    }
}
