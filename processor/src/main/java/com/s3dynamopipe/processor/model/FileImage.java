package com.s3dynamopipe.processor.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The attributes of a new file item that the processor needs, read from a stream record's {@code NewImage}
 * (attribute names and types: docs/design.md, "Data model").
 *
 * @param key         the item's key
 * @param objectKey   S3 key of the stored object, {@code uploads/<ownerId>/<fileId>}, built from the record's
 *                    {@code Keys} ({@link FileKey#objectKey()}); the image's own {@code objectKey} is not read
 * @param fileName    the original file name (a hint for media type detection), or {@code null}
 * @param sizeBytes   the number of bytes the upload API stored
 * @param sha256      lowercase hex SHA-256 the upload API computed while storing
 * @param contentType the Content-Type the client sent, or {@code null}
 * @param createdAt   when the upload API created the item (ISO-8601 UTC, e.g. {@code 2026-11-29T15:30:00.123Z}), as
 *                    recorded; {@code null} when absent. Only measured ({@code ProcessingLatency}), never checked
 */
@RegisterForReflection
public record FileImage(
        FileKey key,
        String objectKey,
        String fileName,
        long sizeBytes,
        String sha256,
        String contentType,
        String createdAt) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Reads and checks the new image of an INSERT.
     *
     * @param key      the key from the record's {@code Keys}
     * @param newImage the record's {@code NewImage} (DynamoDB-JSON), may be {@code null}
     * @return the image
     * @throws InvalidRecordException when the image is absent, disagrees with the key, or an attribute is missing
     *                                or has an unexpected type or format
     */
    public static FileImage from(FileKey key, Map<String, JsonNode> newImage) throws InvalidRecordException {
        if (newImage == null) {
            throw new InvalidRecordException("record has no dynamodb.NewImage");
        }
        if (!key.equals(FileKey.from(newImage))) {
            throw new InvalidRecordException("dynamodb.NewImage does not match dynamodb.Keys");
        }
        String sha256 = TypedValues.requiredString(newImage, "sha256");
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new InvalidRecordException("attribute sha256 is not 64 lowercase hex digits");
        }
        return new FileImage(
                key,
                key.objectKey(),
                TypedValues.optionalString(newImage, "fileName"),
                TypedValues.requiredWholeNumber(newImage, "sizeBytes"),
                sha256,
                TypedValues.optionalString(newImage, "contentType"),
                lenientString(newImage, "createdAt"));
    }

    /** A string attribute that is only measured: absent or of another type is {@code null}, never an error. */
    private static String lenientString(Map<String, JsonNode> image, String name) {
        try {
            return TypedValues.optionalString(image, name);
        } catch (InvalidRecordException e) {
            return null;
        }
    }
}
