package com.s3dynamopipe.local.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.event.ruler.Machine;

/**
 * The pipe's filter criteria, evaluated by Event Ruler, the open-source matching engine of EventBridge.
 * Like EventBridge Pipes for a DynamoDB stream source, the pattern is matched against each stream record as the
 * pipe sees it ({@code eventName}, {@code dynamodb.NewImage...}, ...).
 */
final class RecordFilter {

    private static final String RULE = "pipe-filter";
    private final Machine machine = new Machine();

    /**
     * @param patternFile an EventBridge event pattern, e.g. {@code {"eventName": ["INSERT"]}}
     * @throws IOException if the file cannot be read or is not a valid pattern
     */
    RecordFilter(Path patternFile) throws IOException {
        machine.addRule(RULE, Files.readString(patternFile));
    }

    /** True when the record matches the pattern and must be delivered to the target. */
    boolean matches(JsonNode record) {
        return machine.rulesForJSONEvent(record).contains(RULE);
    }
}
