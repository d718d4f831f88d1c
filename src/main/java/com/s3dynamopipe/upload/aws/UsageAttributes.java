package com.s3dynamopipe.upload.aws;

import com.s3dynamopipe.upload.domain.Reservation;
import com.s3dynamopipe.upload.domain.Usage;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The usage item as DynamoDB attribute values: {@code usedBytes}, {@code usedFiles} (N) and the {@code uploads} map
 * of reservations (instants as epoch milliseconds, N).
 */
final class UsageAttributes {

    private UsageAttributes() {}

    /** @return the usage of an item read with GetItem, which holds the {@code uploads} map */
    static Usage usage(Map<String, AttributeValue> item) {
        Map<String, Reservation> reservations = new LinkedHashMap<>();
        item.get("uploads").m().forEach((fileId, value) -> reservations.put(fileId, reservation(fileId, value.m())));
        return new Usage(
                Long.parseLong(item.get("usedBytes").n()),
                Long.parseLong(item.get("usedFiles").n()),
                reservations);
    }

    /** @return the reservation as the value of its entry in the {@code uploads} map */
    static Map<String, AttributeValue> reservation(Reservation r) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("deadline", epochMillis(r.deadline()));
        map.put("bytes", number(r.bytes()));
        map.put("state", AttributeValue.fromS(r.state()));
        if (r.claim() != null) {
            map.put("claim", AttributeValue.fromS(r.claim()));
            map.put("leaseUntil", epochMillis(r.leaseUntil()));
        }
        return map;
    }

    private static Reservation reservation(String fileId, Map<String, AttributeValue> map) {
        AttributeValue claim = map.get("claim");
        AttributeValue lease = map.get("leaseUntil");
        return new Reservation(
                fileId,
                Instant.ofEpochMilli(Long.parseLong(map.get("deadline").n())),
                Long.parseLong(map.get("bytes").n()),
                map.get("state").s(),
                claim == null ? null : claim.s(),
                lease == null ? null : Instant.ofEpochMilli(Long.parseLong(lease.n())));
    }

    static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    static AttributeValue epochMillis(Instant instant) {
        return number(instant.toEpochMilli());
    }
}
