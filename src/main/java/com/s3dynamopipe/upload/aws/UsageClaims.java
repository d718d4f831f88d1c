package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.Reservation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The claims on a reservation in the usage item (docs/design.md, "Quotas" and "Races"; the item is described in
 * {@link UsageTable}): claiming an upload for completion, giving it back, and ending it as stored
 * ({@code commit}) or given back ({@code release}, {@code releaseOpen}). Each is one conditional UpdateItem.
 */
@ApplicationScoped
public class UsageClaims {

    private final UsageItemUpdates updates;

    /**
     * @param dynamo client injected by the Quarkiverse DynamoDB extension
     * @param config application configuration (table name)
     */
    public UsageClaims(DynamoDbClient dynamo, AppConfig config) {
        this.updates = new UsageItemUpdates(dynamo, config.storage().table());
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
        return updates.update(
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
        return updates.update(
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
        return updates.update(
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
        return updates.update(
                ownerId, "REMOVE #u.#id SET #b = #b - :n, #f = #f - :one", condition, values, fileId, "release open");
    }
}
