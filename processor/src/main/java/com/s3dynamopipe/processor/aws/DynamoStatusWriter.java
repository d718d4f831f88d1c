package com.s3dynamopipe.processor.aws;

import com.s3dynamopipe.processor.config.AppConfig;
import com.s3dynamopipe.processor.model.FileKey;
import com.s3dynamopipe.processor.model.FileStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes the processor's status transitions on file items of {@code app.storage.table}, each a conditional UpdateItem so
 * that a repeated delivery changes nothing once a terminal status is reached (docs/design.md, "Invariants").
 * Every method lets SDK faults other than a failed condition (throttling, 5xx, network) propagate.
 */
@ApplicationScoped
public class DynamoStatusWriter {

    private static final Map<String, String> STATUS_NAME = Map.of("#status", "status");

    private final DynamoDbClient dynamo;
    private final AppConfig config;

    DynamoStatusWriter(DynamoDbClient dynamo, AppConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    /**
     * Claims an item for processing: {@code UPLOADED|PROCESSING → PROCESSING}, setting {@code processingStartedAt}.
     * {@code PROCESSING} is accepted so that a retry after a crash resumes the work.
     *
     * @param key the item's key
     * @param now ISO-8601 UTC timestamp with milliseconds
     * @return {@code true} when claimed, {@code false} when the item is missing or already terminal
     */
    public boolean claim(FileKey key, String now) {
        return updateUnlessTerminal(
                key, "SET #status = :processing, processingStartedAt = :now", Map.of(":now", s(now)));
    }

    /**
     * Records success: {@code PROCESSING → PROCESSED} with {@code detectedContentType} and {@code processedAt}.
     *
     * @param key                 the item's key
     * @param detectedContentType media type detected from the content, e.g. {@code image/png}
     * @param now                 ISO-8601 UTC timestamp with milliseconds
     * @return {@code true} when written, {@code false} when the item is no longer {@code PROCESSING}
     */
    public boolean markProcessed(FileKey key, String detectedContentType, String now) {
        return finish(key, FileStatus.PROCESSED, "detectedContentType", detectedContentType, now);
    }

    /**
     * Records a permanent fault: {@code PROCESSING → FAILED} with {@code failureReason} and {@code processedAt}.
     *
     * @param key    the item's key
     * @param reason for people, e.g. {@code size mismatch: …}
     * @param now    ISO-8601 UTC timestamp with milliseconds
     * @return {@code true} when written, {@code false} when the item is no longer {@code PROCESSING}
     */
    public boolean markFailed(FileKey key, String reason, String now) {
        return finish(key, FileStatus.FAILED, "failureReason", reason, now);
    }

    /**
     * Records a record that cannot be processed (its new image is malformed) on the item its keys name:
     * {@code UPLOADED|PROCESSING → FAILED} with {@code failureReason} and {@code processedAt}, without a claim.
     * A missing item is never created and a terminal one is left as it is.
     *
     * @param key    the item's key, from the record's {@code Keys}
     * @param reason for people, e.g. {@code invalid stream record: attribute sizeBytes has type S, expected N}
     * @param now    ISO-8601 UTC timestamp with milliseconds
     * @return {@code true} when written, {@code false} when the item is missing or already terminal
     */
    public boolean markUnprocessable(FileKey key, String reason, String now) {
        return updateUnlessTerminal(
                key,
                "SET #status = :failed, failureReason = :detail, processedAt = :now",
                Map.of(":failed", s(FileStatus.FAILED.name()), ":detail", s(reason), ":now", s(now)));
    }

    /**
     * Reads the item's current status (strongly consistent), to explain a failed condition.
     *
     * @param key the item's key
     * @return the {@code status} attribute, or empty when the item or the attribute does not exist
     */
    public Optional<String> currentStatus(FileKey key) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        request -> request.tableName(config.storage().table())
                                .key(keyOf(key))
                                .consistentRead(true)
                                .projectionExpression("#status")
                                .expressionAttributeNames(STATUS_NAME))
                .item();
        return Optional.ofNullable(item).map(found -> found.get("status")).map(AttributeValue::s);
    }

    private boolean finish(FileKey key, FileStatus terminal, String detailAttribute, String detail, String now) {
        return update(
                key,
                "SET #status = :terminal, " + detailAttribute + " = :detail, processedAt = :now",
                "#status = :processing",
                Map.of(
                        ":terminal",
                        s(terminal.name()),
                        ":processing",
                        s(FileStatus.PROCESSING.name()),
                        ":detail",
                        s(detail),
                        ":now",
                        s(now)));
    }

    /**
     * An update of an item that exists and is not terminal yet ({@code UPLOADED} or {@code PROCESSING}); the update
     * may use {@code :uploaded} and {@code :processing} besides its own values.
     */
    private boolean updateUnlessTerminal(FileKey key, String updateExpression, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":uploaded", s(FileStatus.UPLOADED.name()));
        all.put(":processing", s(FileStatus.PROCESSING.name()));
        return update(key, updateExpression, "attribute_exists(fileId) AND #status IN (:uploaded, :processing)", all);
    }

    private boolean update(
            FileKey key, String updateExpression, String conditionExpression, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(request -> request.tableName(config.storage().table())
                    .key(keyOf(key))
                    .updateExpression(updateExpression)
                    .conditionExpression(conditionExpression)
                    .expressionAttributeNames(STATUS_NAME)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> keyOf(FileKey key) {
        return Map.of("ownerId", s(key.ownerId()), "fileId", s(key.fileId()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
