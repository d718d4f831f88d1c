package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.domain.FileItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The DynamoDB adapter for the files table ({@code app.storage.table}; key schema in
 * terraform/definitions/table.json: HASH {@code ownerId}, RANGE {@code fileId}). Reads are always keyed by the
 * caller's owner id; this class never scans.
 */
@ApplicationScoped
public class FileTable {

    private final StorageTable table;

    /** @param table the files table and its client */
    public FileTable(StorageTable table) {
        this.table = table;
    }

    /**
     * Inserts a new item with {@code attribute_not_exists(fileId)}, so an existing item is never overwritten.
     * The SDK retries a PutItem whose answer was lost (timeout, dropped connection); if an earlier attempt of this
     * same call already wrote the item, the retry's failed condition is not an error: the stored item is ours when
     * its object key, SHA-256 and {@code createdAt} are the ones we wrote (file ids are fresh UUIDv7s, never reused).
     *
     * @param item the item to insert
     * @throws StorageException on any failure, including a failed condition for an item that is not this one
     */
    public void insert(FileItem item) {
        if (!insertIfAbsent(item)) {
            boolean ours = find(item.ownerId(), item.fileId())
                    .filter(stored -> stored.objectKey().equals(item.objectKey())
                            && stored.sha256().equals(item.sha256())
                            && stored.createdAt().equals(item.createdAt()))
                    .isPresent();
            if (!ours) {
                throw new StorageException(
                        "DynamoDB PutItem: an item with file id " + item.fileId() + " already exists", false, null);
            }
        }
    }

    /**
     * Inserts a new item with {@code attribute_not_exists(fileId)} and tells whether it was new.
     *
     * @param item the item to insert
     * @return {@code true} if inserted, {@code false} if an item with this key already existed (left unchanged)
     * @throws StorageException on any other failure
     */
    public boolean insertIfAbsent(FileItem item) {
        try {
            table.client()
                    .putItem(b -> b.tableName(table.name())
                            .item(FileItemAttributes.toItem(item))
                            .conditionExpression("attribute_not_exists(fileId)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw SdkFaults.translate("DynamoDB PutItem", e);
        }
    }

    /**
     * Reads one item with a strongly consistent GetItem.
     *
     * @param ownerId the caller's owner id (HASH key)
     * @param fileId  the file id (RANGE key)
     * @return the item, or empty if the caller has no such file
     * @throws StorageException if DynamoDB fails
     */
    public Optional<FileItem> find(String ownerId, String fileId) {
        try {
            GetItemResponse response = table.client()
                    .getItem(b -> b.tableName(table.name()).consistentRead(true).key(key(ownerId, fileId)));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(FileItemAttributes.from(response.item()))
                    : Optional.empty();
        } catch (SdkException e) {
            throw SdkFaults.translate("DynamoDB GetItem", e);
        }
    }

    /**
     * Lists an owner's items newest first (Query on {@code ownerId = :sub}, {@code ScanIndexForward=false}).
     *
     * @param ownerId     the caller's owner id
     * @param limit       at most this many items (DynamoDB {@code Limit})
     * @param afterFileId exclusive start: the last file id of the previous page, or {@code null}
     * @return up to {@code limit} items, newest first
     * @throws StorageException if DynamoDB fails
     */
    public List<FileItem> listNewestFirst(String ownerId, int limit, String afterFileId) {
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table.name())
                .keyConditionExpression("ownerId = :sub")
                .expressionAttributeValues(Map.of(":sub", AttributeValue.fromS(ownerId)))
                .scanIndexForward(false)
                .limit(limit);
        if (afterFileId != null) {
            query.exclusiveStartKey(key(ownerId, afterFileId));
        }
        try {
            return table.client().query(query.build()).items().stream()
                    .map(FileItemAttributes::from)
                    .toList();
        } catch (SdkException e) {
            throw SdkFaults.translate("DynamoDB Query", e);
        }
    }

    /**
     * Deletes one item if it exists (DeleteItem with {@code attribute_exists(fileId)}, {@code ReturnValues=ALL_OLD}):
     * of concurrent deletes of the same item exactly one gets it back, so that one alone updates what counts it.
     *
     * @param ownerId the caller's owner id (HASH key)
     * @param fileId  the file id (RANGE key)
     * @return the deleted item, or empty if there was none (already deleted)
     * @throws StorageException if DynamoDB fails
     */
    public Optional<FileItem> deleteExisting(String ownerId, String fileId) {
        try {
            Map<String, AttributeValue> old = table.client()
                    .deleteItem(b -> b.tableName(table.name())
                            .key(key(ownerId, fileId))
                            .conditionExpression("attribute_exists(fileId)")
                            .returnValues(ReturnValue.ALL_OLD))
                    .attributes();
            return old == null || old.isEmpty() ? Optional.empty() : Optional.of(FileItemAttributes.from(old));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw SdkFaults.translate("DynamoDB DeleteItem", e);
        }
    }

    /**
     * What one owner has stored.
     *
     * @param bytes the sum of the items' {@code sizeBytes}
     * @param files the number of items
     */
    public record Totals(long bytes, long files) {}

    /**
     * Adds up an owner's items (a strongly consistent Query of {@code sizeBytes}, every page), to seed the owner's
     * usage counters the first time they are needed.
     *
     * @param ownerId the owner's {@code sub}
     * @return bytes and number of the owner's files
     * @throws StorageException if DynamoDB fails
     */
    public Totals storedTotals(String ownerId) {
        try {
            long[] totals = new long[2];
            table.client()
                    .queryPaginator(b -> b.tableName(table.name())
                            .consistentRead(true)
                            .keyConditionExpression("ownerId = :sub")
                            .expressionAttributeValues(Map.of(":sub", AttributeValue.fromS(ownerId)))
                            .projectionExpression("sizeBytes"))
                    .items()
                    .forEach(item -> {
                        AttributeValue size = item.get("sizeBytes");
                        totals[0] += size == null ? 0 : Long.parseLong(size.n());
                        totals[1]++;
                    });
            return new Totals(totals[0], totals[1]);
        } catch (SdkException e) {
            throw SdkFaults.translate("DynamoDB Query", e);
        }
    }

    private static Map<String, AttributeValue> key(String ownerId, String fileId) {
        return Map.of("ownerId", AttributeValue.fromS(ownerId), "fileId", AttributeValue.fromS(fileId));
    }
}
