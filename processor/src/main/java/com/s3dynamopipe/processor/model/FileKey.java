package com.s3dynamopipe.processor.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * Primary key of a file item (docs/design.md, "Data model").
 *
 * @param ownerId the HASH key, the uploader's Cognito {@code sub}
 * @param fileId  the RANGE key, a UUIDv7
 */
@RegisterForReflection
public record FileKey(String ownerId, String fileId) {

    /**
     * Reads the key from a stream record's {@code Keys} map.
     *
     * @param keys DynamoDB-JSON attributes, e.g. {@code {"ownerId": {"S": "…"}, "fileId": {"S": "…"}}}
     * @return the key
     * @throws InvalidRecordException when the map is absent or either key is missing or not a string
     */
    public static FileKey from(Map<String, JsonNode> keys) throws InvalidRecordException {
        if (keys == null) {
            throw new InvalidRecordException("record has no dynamodb.Keys");
        }
        return new FileKey(TypedValues.requiredString(keys, "ownerId"), TypedValues.requiredString(keys, "fileId"));
    }

    /**
     * The file's object key, built from the key alone (docs/design.md, "Data model": {@code objectKey}), never
     * taken from an image: a record's other attributes cannot send the processor to another object.
     *
     * @return {@code uploads/<ownerId>/<fileId>}
     */
    public String objectKey() {
        return "uploads/" + ownerId + "/" + fileId;
    }
}
