package com.s3dynamopipe.upload.aws;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item of the files table, attribute for attribute as docs/design.md ("Data model") defines it.
 * Optional attributes are {@code null} here and absent in DynamoDB (never stored as empty strings).
 *
 * @param ownerId             HASH key: the token's {@code sub}
 * @param fileId              RANGE key: UUIDv7, lowercase canonical form
 * @param objectKey           {@code uploads/<ownerId>/<fileId>}
 * @param fileName            original file name as sent
 * @param sizeBytes           bytes stored (N)
 * @param contentType         the part's Content-Type as sent
 * @param sha256              lowercase hex SHA-256 of the stored bytes
 * @param comment             optional comment
 * @param status              {@code UPLOADED|PROCESSING|PROCESSED|FAILED}
 * @param createdAt           ISO-8601 UTC with milliseconds
 * @param processingStartedAt written by the processor
 * @param processedAt         written by the processor or the workflow
 * @param detectedContentType written by the processor
 * @param failureReason       written by the processor or the workflow
 */
public record FileItem(String ownerId, String fileId, String objectKey, String fileName, long sizeBytes,
        String contentType, String sha256, String comment, String status, String createdAt,
        String processingStartedAt, String processedAt, String detectedContentType, String failureReason) {

    /** Status of a freshly stored upload. */
    public static final String STATUS_UPLOADED = "UPLOADED";

    /**
     * Builds the item the upload API inserts: status {@code UPLOADED}, no processor attributes.
     *
     * @return the new item
     */
    public static FileItem uploaded(String ownerId, String fileId, String objectKey, String fileName,
            long sizeBytes, String contentType, String sha256, String comment, String createdAt) {
        return new FileItem(ownerId, fileId, objectKey, fileName, sizeBytes, contentType, sha256, comment,
                STATUS_UPLOADED, createdAt, null, null, null, null);
    }

    /**
     * Reads an item as returned by GetItem or Query (DynamoDB JSON attribute values).
     *
     * @param item the attribute map; unknown attributes are ignored
     * @return the record
     * @throws NumberFormatException if {@code sizeBytes} is not a number
     */
    public static FileItem from(Map<String, AttributeValue> item) {
        String size = s(item, "sizeBytes", true);
        return new FileItem(s(item, "ownerId", false), s(item, "fileId", false), s(item, "objectKey", false),
                s(item, "fileName", false), size == null ? 0L : Long.parseLong(size), s(item, "contentType", false),
                s(item, "sha256", false), s(item, "comment", false), s(item, "status", false),
                s(item, "createdAt", false), s(item, "processingStartedAt", false), s(item, "processedAt", false),
                s(item, "detectedContentType", false), s(item, "failureReason", false));
    }

    /**
     * Writes the item as a PutItem attribute map; {@code null} members are left out.
     *
     * @return attribute name to DynamoDB value
     */
    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        put(item, "ownerId", ownerId);
        put(item, "fileId", fileId);
        put(item, "objectKey", objectKey);
        put(item, "fileName", fileName);
        item.put("sizeBytes", AttributeValue.fromN(Long.toString(sizeBytes)));
        put(item, "contentType", contentType);
        put(item, "sha256", sha256);
        put(item, "comment", comment);
        put(item, "status", status);
        put(item, "createdAt", createdAt);
        put(item, "processingStartedAt", processingStartedAt);
        put(item, "processedAt", processedAt);
        put(item, "detectedContentType", detectedContentType);
        put(item, "failureReason", failureReason);
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
