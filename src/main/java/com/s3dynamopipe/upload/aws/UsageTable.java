package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.domain.Reservation;
import com.s3dynamopipe.upload.domain.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

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
 *
 * <p>This class creates and reads the item, adds reservations and takes deleted files off the counters; the claims
 * on a reservation and their ends are {@link UsageClaims}.
 */
@ApplicationScoped
public class UsageTable {

    /** Prefix of the usage item's HASH key: {@code usage#<sub>}. */
    public static final String OWNER_PREFIX = "usage#";
    /** The usage item's RANGE key. */
    public static final String FILE_ID = "usage";

    private final StorageTable table;
    private final UsageItemUpdates updates;

    /** @param table the files table, which holds the usage items, and its client */
    public UsageTable(StorageTable table) {
        this.table = table;
        this.updates = new UsageItemUpdates(table);
    }

    /**
     * Creates the usage item if it does not exist yet (idempotent: {@code if_not_exists} on every attribute), with
     * the counters seeded from what the owner already has stored.
     *
     * @param seedBytes bytes of the owner's stored files
     * @param seedFiles number of the owner's stored files
     */
    public void create(String ownerId, long seedBytes, long seedFiles) {
        updates.update(
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
        return updates.update(
                ownerId,
                "SET #u.#id = :r, #b = #b + :n, #f = #f + :one",
                condition,
                values,
                reservation.fileId(),
                "reserve");
    }

    /**
     * Takes a stored file off the counters (after its item was deleted).
     *
     * @return {@code false} if the owner has no usage item (nothing is counted yet)
     */
    public boolean fileDeleted(String ownerId, long bytes) {
        return updates.update(
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
            GetItemResponse response = table.client()
                    .getItem(b -> b.tableName(table.name()).consistentRead(true).key(UsageItemUpdates.key(ownerId)));
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
}
