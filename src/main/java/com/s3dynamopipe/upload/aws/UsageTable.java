package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.Reservation;
import com.s3dynamopipe.upload.domain.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The DynamoDB adapter of the per-user usage item (docs/design.md, "Quotas"): one item per user in the files
 * table, in a partition of its own ({@code ownerId = usage#<sub>}, {@code fileId = usage}) so that the owner's
 * Query ({@code ownerId = <sub>}) never lists it and the pipe's filter never starts a workflow for it.
 *
 * <p>Attributes: {@code usedBytes} (N) and {@code usedFiles} (N), everything stored plus everything reserved;
 * {@code uploads} (M), the reservations of uploads not yet finished, by file id, each
 * {@code {deadline (N, epoch ms), bytes (N), state (S: open|completing), claim (S)?, leaseUntil (N, epoch ms)?}}.
 * Every change is one conditional UpdateItem (dynalite has no transactions, and none is needed): DynamoDB
 * conditions cannot do arithmetic, so the caller passes {@code limit - n} and the condition compares with it.
 */
@ApplicationScoped
public class UsageTable {

    /** Prefix of the usage item's HASH key: {@code usage#<sub>}. */
    public static final String OWNER_PREFIX = "usage#";
    /** The usage item's RANGE key. */
    public static final String FILE_ID = "usage";

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

    private final DynamoDbClient dynamo;
    private final String table;

    /**
     * @param dynamo client injected by the Quarkiverse DynamoDB extension
     * @param config application configuration (table name)
     */
    public UsageTable(DynamoDbClient dynamo, AppConfig config) {
        this.dynamo = dynamo;
        this.table = config.storage().table();
    }

    /**
     * Creates the usage item if it does not exist yet (idempotent: {@code if_not_exists} on every attribute), with
     * the counters seeded from what the owner already has stored.
     *
     * @param seedBytes bytes of the owner's stored files
     * @param seedFiles number of the owner's stored files
     */
    public void create(String ownerId, long seedBytes, long seedFiles) {
        update(
                ownerId,
                "SET #b = if_not_exists(#b, :sb), #f = if_not_exists(#f, :sf), #u = if_not_exists(#u, :e)",
                null,
                Map.of(
                        ":sb",
                        UsageAttributes.number(seedBytes),
                        ":sf",
                        UsageAttributes.number(seedFiles),
                        ":e",
                        AttributeValue.fromM(Map.of())),
                null,
                "create");
    }

    /**
     * Reserves bytes and one file for an upload, if the limits allow it: adds the reservation and the counters in
     * one conditional UpdateItem.
     *
     * @param reservation     the new reservation (its file id must be new)
     * @param maxBytes        the bytes limit
     * @param maxFiles        the files limit
     * @param maxReservations the most reservations the map may already hold, or {@code -1} for no such check
     * @return {@code true} if reserved; {@code false} if a limit would be exceeded or the usage item does not exist
     */
    public boolean reserve(String ownerId, Reservation reservation, long maxBytes, long maxFiles, int maxReservations) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":r", AttributeValue.fromM(UsageAttributes.reservation(reservation)));
        values.put(":n", UsageAttributes.number(reservation.bytes()));
        values.put(":one", UsageAttributes.number(1));
        values.put(":maxb", UsageAttributes.number(maxBytes - reservation.bytes()));
        values.put(":maxf", UsageAttributes.number(maxFiles - 1));
        String condition = "attribute_exists(#u) AND attribute_not_exists(#u.#id) AND #b <= :maxb AND #f <= :maxf";
        if (maxReservations >= 0) {
            values.put(":maxr", UsageAttributes.number(maxReservations));
            condition += " AND size(#u) < :maxr";
        }
        return update(
                ownerId,
                "SET #u.#id = :r, #b = #b + :n, #f = #f + :one",
                condition,
                values,
                reservation.fileId(),
                "reserve");
    }

    /**
     * Claims an upload for completion: an {@code open} reservation, or a {@code completing} one whose lease has run
     * out, becomes {@code completing} with this claim, if its deadline has not passed.
     *
     * @return {@code true} if this call holds the claim now
     */
    public boolean claim(String ownerId, String fileId, String claim, Instant now, Instant leaseUntil) {
        return update(
                ownerId,
                "SET #u.#id.#s = :completing, #u.#id.#c = :claim, #u.#id.#l = :lease",
                "(#u.#id.#s = :open OR (#u.#id.#s = :completing AND #u.#id.#l <= :now)) AND #u.#id.#d > :now",
                Map.of(
                        ":completing",
                        AttributeValue.fromS(Reservation.COMPLETING),
                        ":open",
                        AttributeValue.fromS(Reservation.OPEN),
                        ":claim",
                        AttributeValue.fromS(claim),
                        ":now",
                        UsageAttributes.epochMillis(now),
                        ":lease",
                        UsageAttributes.epochMillis(leaseUntil)),
                fileId,
                "claim");
    }

    /**
     * Gives a claimed upload back (it stays unfinished and can be completed or aborted again).
     *
     * @return {@code true} if this claim still held it
     */
    public boolean reopen(String ownerId, String fileId, String claim) {
        return update(
                ownerId,
                "SET #u.#id.#s = :open REMOVE #u.#id.#c, #u.#id.#l",
                "#u.#id.#c = :claim",
                Map.of(":open", AttributeValue.fromS(Reservation.OPEN), ":claim", AttributeValue.fromS(claim)),
                fileId,
                "reopen");
    }

    /**
     * Ends a claimed upload that became a file: removes the reservation and keeps its bytes and file counted (they
     * are stored now).
     *
     * @return {@code true} if this claim still held it
     */
    public boolean commit(String ownerId, String fileId, String claim) {
        return update(
                ownerId,
                "REMOVE #u.#id",
                "#u.#id.#c = :claim",
                Map.of(":claim", AttributeValue.fromS(claim)),
                fileId,
                "commit");
    }

    /**
     * Ends a claimed upload that did not become a file: removes the reservation and gives its bytes and file back.
     *
     * @return {@code true} if this claim still held it
     */
    public boolean release(String ownerId, String fileId, String claim, long bytes) {
        return update(
                ownerId,
                "REMOVE #u.#id SET #b = #b - :n, #f = #f - :one",
                "#u.#id.#c = :claim",
                Map.of(
                        ":claim",
                        AttributeValue.fromS(claim),
                        ":n",
                        UsageAttributes.number(bytes),
                        ":one",
                        UsageAttributes.number(1)),
                fileId,
                "release");
    }

    /**
     * Ends an {@code open} upload (aborted, or past its deadline): removes the reservation and gives its bytes and
     * file back, only while nobody holds a claim on it.
     *
     * @param pastDeadline only if its deadline is at or before this instant, or {@code null} for any deadline
     * @return {@code true} if this call ended it
     */
    public boolean releaseOpen(String ownerId, String fileId, long bytes, Instant pastDeadline) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":open",
                AttributeValue.fromS(Reservation.OPEN),
                ":n",
                UsageAttributes.number(bytes),
                ":one",
                UsageAttributes.number(1)));
        String condition = "#u.#id.#s = :open AND #u.#id.#n = :n";
        if (pastDeadline != null) {
            values.put(":now", UsageAttributes.epochMillis(pastDeadline));
            condition += " AND #u.#id.#d <= :now";
        }
        return update(
                ownerId, "REMOVE #u.#id SET #b = #b - :n, #f = #f - :one", condition, values, fileId, "release open");
    }

    /**
     * Takes a stored file off the counters (after its item was deleted).
     *
     * @return {@code false} if the owner has no usage item (nothing is counted yet)
     */
    public boolean fileDeleted(String ownerId, long bytes) {
        return update(
                ownerId,
                "SET #b = #b - :n, #f = #f - :one",
                "attribute_exists(#b)",
                Map.of(":n", UsageAttributes.number(bytes), ":one", UsageAttributes.number(1)),
                null,
                "file deleted");
    }

    /**
     * Reads the usage item (strongly consistent GetItem).
     *
     * @return the usage, or empty if the owner has none yet
     */
    public Optional<Usage> find(String ownerId) {
        try {
            GetItemResponse response =
                    dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(ownerId)));
            if (!response.hasItem()
                    || response.item().isEmpty()
                    || !response.item().containsKey("uploads")) {
                return Optional.empty();
            }
            return Optional.of(UsageAttributes.usage(response.item()));
        } catch (SdkException e) {
            throw SdkFaults.translate("DynamoDB GetItem (usage)", e);
        }
    }

    /**
     * @param ownerId the owner's {@code sub}
     * @return the HASH key of the owner's usage item, {@code usage#<sub>}
     */
    public static String usageOwnerId(String ownerId) {
        return OWNER_PREFIX + ownerId;
    }

    private boolean update(
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
                .tableName(table)
                .key(key(ownerId))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values);
        if (condition != null) {
            request.conditionExpression(condition);
        }
        try {
            dynamo.updateItem(request.build());
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

    private static Map<String, AttributeValue> key(String ownerId) {
        return Map.of("ownerId", AttributeValue.fromS(usageOwnerId(ownerId)), "fileId", AttributeValue.fromS(FILE_ID));
    }
}
