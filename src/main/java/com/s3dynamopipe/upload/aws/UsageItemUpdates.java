package com.s3dynamopipe.upload.aws;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The one conditional UpdateItem on a user's usage item that {@link UsageTable} (reservations) and
 * {@link UsageClaims} (claims and their ends) are written with: it passes exactly the attribute names an expression
 * uses, and reads a failed condition, or a path into a reservation that does not exist, as {@code false}.
 */
final class UsageItemUpdates {

    private static final Map<String, String> NAMES = Map.of(
            "#b",
            "usedBytes",
            "#f",
            "usedFiles",
            "#u",
            "uploads",
            "#d",
            "deadline",
            "#n",
            "bytes",
            "#s",
            "state",
            "#c",
            "claim",
            "#l",
            "leaseUntil");

    private static final Pattern PLACEHOLDER = Pattern.compile("#[a-z]+");

    private final StorageTable table;

    UsageItemUpdates(StorageTable table) {
        this.table = table;
    }

    /**
     * Runs one UpdateItem on the owner's usage item.
     *
     * @param expression the update expression; its {@code #x} placeholders name the attributes of the class comment
     *     of {@link UsageTable}, {@code #id} the reservation's file id
     * @param condition  the condition expression, or {@code null} for none
     * @param values     the expression attribute values
     * @param fileId     the file id {@code #id} stands for, or {@code null} if unused
     * @param operation  what the update does, for error messages
     * @return {@code true} if written; {@code false} if the condition does not hold
     * @throws StorageException if DynamoDB fails otherwise
     */
    boolean update(
            String ownerId,
            String expression,
            String condition,
            Map<String, AttributeValue> values,
            String fileId,
            String operation) {
        // DynamoDB refuses names that the expressions do not use: pass exactly the placeholders that occur.
        Map<String, String> names = new HashMap<>();
        Matcher placeholders = PLACEHOLDER.matcher(expression + " " + (condition == null ? "" : condition));
        while (placeholders.find()) {
            String placeholder = placeholders.group();
            names.put(placeholder, "#id".equals(placeholder) ? fileId : NAMES.get(placeholder));
        }
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(table.name())
                .key(key(ownerId))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values);
        if (condition != null) {
            request.conditionExpression(condition);
        }
        try {
            table.client().updateItem(request.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (DynamoDbException e) {
            // A path into a map that does not exist (no usage item yet, or no such reservation) may be refused as
            // invalid rather than as a failed condition: either way the condition does not hold.
            if (e.statusCode() == 400
                    && e.getMessage() != null
                    && e.getMessage().contains("document path")) {
                return false;
            }
            throw SdkFaults.translate("DynamoDB UpdateItem (usage: " + operation + ")", e);
        } catch (SdkException e) {
            throw SdkFaults.translate("DynamoDB UpdateItem (usage: " + operation + ")", e);
        }
    }

    /** @return the key of the owner's usage item */
    static Map<String, AttributeValue> key(String ownerId) {
        return Map.of(
                "ownerId",
                AttributeValue.fromS(UsageTable.usageOwnerId(ownerId)),
                "fileId",
                AttributeValue.fromS(UsageTable.FILE_ID));
    }
}
