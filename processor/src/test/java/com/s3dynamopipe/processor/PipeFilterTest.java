package com.s3dynamopipe.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.RuleCompiler;

/**
 * Checks the EventBridge Pipe's filter ({@code terraform/definitions/pipe-filter.json}, the file Terraform deploys)
 * with Event Ruler, the open-source engine of EventBridge patterns, against our stream record fixtures: each
 * element of a batch is matched on its own, as Pipes filters records before batching.
 */
class PipeFilterTest {

    private static final Path FILTER = Path.of("../terraform/definitions/pipe-filter.json");

    private static String filter;
    private static Machine machine;

    @BeforeAll
    static void compileFilter() throws Exception {
        filter = Files.readString(FILTER);
        machine = Machine.builder().build();
        machine.addRule("pipe-filter", filter);
    }

    @Test
    void filterIsAValidPattern() {
        assertNull(RuleCompiler.check(filter), "Event Ruler rejects the filter");
    }

    @Test
    void insertRecordPasses() throws Exception {
        assertEquals(List.of("pipe-filter"), matches("insert.json"));
    }

    @Test
    void modifyRecordIsFilteredOut() throws Exception {
        assertTrue(matches("modify.json").isEmpty());
    }

    @Test
    void removeRecordIsFilteredOut() throws Exception {
        assertTrue(matches("remove.json").isEmpty());
    }

    private static List<String> matches(String fixture) throws Exception {
        JsonNode batch = new ObjectMapper().readTree(Fixtures.raw(fixture));
        assertEquals(1, batch.size(), fixture + " should hold one record");
        return machine.rulesForJSONEvent(batch.get(0));
    }
}
