package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.domain.Reservation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The claims on a reservation in the usage item (docs/design.md, "Quotas" and "Races"; the item is described in
 * {@link UsageTable}): claiming an upload for completion, giving it back, and ending it as stored
 * ({@code commit}) or given back ({@code release}, {@code releaseOpen}). Each is one conditional UpdateItem.
 */
@ApplicationScoped
public class UsageClaims {

    /** Removes a reservation and gives its bytes ({@code :n}) and its file ({@code :one}) back. */
    private static final String GIVE_BACK = "REMOVE #u.#id SET #b = #b - :n, #f = #f - :one";

    private final UsageItemUpdates updates;

    /** @param table the files table, which holds the usage items, and its client */
    public UsageClaims(StorageTable table) {
        this.updates = new UsageItemUpdates(table);
    }

    /**
     * Claims an upload for completion: an {@code open} reservation, or a {@code completing} one whose lease has run
     * out, becomes {@code completing} with this claim, if its deadline has not passed.
     *
     * @return {@code true} if this call holds the claim now
     */
    public boolean claim(String ownerId, String fileId, String claim, Instant now, Instant leaseUntil) {
        return updates.update(
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
        return whileHeld(
                ownerId,
                fileId,
                claim,
                "SET #u.#id.#s = :open REMOVE #u.#id.#c, #u.#id.#l",
                Map.of(":open", AttributeValue.fromS(Reservation.OPEN)),
                "reopen");
    }

    /**
     * Ends a claimed upload that became a file: removes the reservation and keeps its bytes and file counted (they
     * are stored now).
     *
     * @return {@code true} if this claim still held it
     */
    public boolean commit(String ownerId, String fileId, String claim) {
        return whileHeld(ownerId, fileId, claim, "REMOVE #u.#id", Map.of(), "commit");
    }

    /**
     * Ends a claimed upload that did not become a file: removes the reservation and gives its bytes and file back.
     *
     * @return {@code true} if this claim still held it
     */
    public boolean release(String ownerId, String fileId, String claim, long bytes) {
        return whileHeld(ownerId, fileId, claim, GIVE_BACK, giveBack(bytes), "release");
    }

    /**
     * Ends an {@code open} upload (aborted, or past its deadline): removes the reservation and gives its bytes and
     * file back, only while nobody holds a claim on it.
     *
     * @param pastDeadline only if its deadline is at or before this instant, or {@code null} for any deadline
     * @return {@code true} if this call ended it
     */
    public boolean releaseOpen(String ownerId, String fileId, long bytes, Instant pastDeadline) {
        Map<String, AttributeValue> values = giveBack(bytes);
        values.put(":open", AttributeValue.fromS(Reservation.OPEN));
        String condition = "#u.#id.#s = :open AND #u.#id.#n = :n";
        if (pastDeadline != null) {
            values.put(":now", UsageAttributes.epochMillis(pastDeadline));
            condition += " AND #u.#id.#d <= :now";
        }
        return updates.update(ownerId, GIVE_BACK, condition, values, fileId, "release open");
    }

    /** An update of a reservation that this claim still holds; {@code :claim} is added to its values. */
    private boolean whileHeld(
            String ownerId,
            String fileId,
            String claim,
            String updateExpression,
            Map<String, AttributeValue> values,
            String operation) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":claim", AttributeValue.fromS(claim));
        return updates.update(ownerId, updateExpression, "#u.#id.#c = :claim", all, fileId, operation);
    }

    /** @return the values of {@link #GIVE_BACK} for a reservation of that many bytes (a mutable map) */
    private static Map<String, AttributeValue> giveBack(long bytes) {
        return new HashMap<>(Map.of(":n", UsageAttributes.number(bytes), ":one", UsageAttributes.number(1)));
    }
}
