package com.s3dynamopipe.common.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads the members of CloudWatch embedded metric format records (AWS doc "Specification: Embedded metric format"),
 * as {@link StdoutCapture#emfRecords()} returns them, asserting the record's shape on the way: each method fails the
 * test when the record does not have the member it reads.
 */
public final class EmfRecords {

    private EmfRecords() {}

    /**
     * @param records EMF records
     * @param which   the record wanted
     * @return the one record that matches {@code which}; fails unless there is exactly one
     */
    public static JsonNode only(List<JsonNode> records, Predicate<JsonNode> which) {
        List<JsonNode> found = records.stream().filter(which).toList();
        assertEquals(1, found.size(), "exactly one matching EMF record among " + records);
        return found.get(0);
    }

    /**
     * @param record an EMF record
     * @return its one metric directive ({@code _aws.CloudWatchMetrics[0]}); fails without a numeric
     *     {@code _aws.Timestamp} or with another number of directives
     */
    public static JsonNode directive(JsonNode record) {
        assertTrue(record.path("_aws").path("Timestamp").isNumber(), record.toString());
        JsonNode directives = record.path("_aws").path("CloudWatchMetrics");
        assertEquals(1, directives.size(), record.toString());
        return directives.get(0);
    }

    /**
     * @param record an EMF record
     * @return the dimension sets of its directive, each sorted, in sorted order
     */
    public static List<List<String>> dimensionSets(JsonNode record) {
        List<List<String>> sets = new ArrayList<>();
        for (JsonNode set : directive(record).path("Dimensions")) {
            List<String> names = new ArrayList<>();
            set.forEach(name -> names.add(name.asText()));
            names.sort(null);
            sets.add(names);
        }
        sets.sort((a, b) -> String.join(",", a).compareTo(String.join(",", b)));
        return sets;
    }

    /**
     * @param record an EMF record
     * @return metric name → unit, of its directive
     */
    public static Map<String, String> metricUnits(JsonNode record) {
        Map<String, String> units = new TreeMap<>();
        directive(record)
                .path("Metrics")
                .forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText()));
        return units;
    }
}
