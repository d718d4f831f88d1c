package com.s3dynamopipe.processor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The {@code dynamodb} member of a stream record (AWS docs: DynamoDB Streams API "StreamRecord").
 * Attribute maps keep the DynamoDB-JSON typed values as trees ({@code {"S": "…"}}, {@code {"N": "42"}}), so an
 * unexpected type is reported by {@link FileImage#from} instead of failing the whole batch.
 *
 * @param approximateCreationDateTime when the change was made, in seconds since the epoch; a float with
 *                                    fractional milliseconds (e.g. {@code 1764430200.123}), hence a decimal
 * @param keys                        the item's key attributes ({@code ownerId}, {@code fileId})
 * @param newImage                    the item after the change (stream view type {@code NEW_IMAGE});
 *                                    absent for {@code REMOVE}
 * @param sequenceNumber              position of the record in its shard
 * @param sizeBytes                   size of the record in bytes
 * @param streamViewType              {@code NEW_IMAGE} for this table
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamChange(
        @JsonProperty("ApproximateCreationDateTime") BigDecimal approximateCreationDateTime,
        @JsonProperty("Keys") Map<String, JsonNode> keys,
        @JsonProperty("NewImage") Map<String, JsonNode> newImage,
        @JsonProperty("SequenceNumber") String sequenceNumber,
        @JsonProperty("SizeBytes") Long sizeBytes,
        @JsonProperty("StreamViewType") String streamViewType) {}
