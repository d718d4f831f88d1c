package com.s3dynamopipe.local.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * What the pipe keeps on disk in its state directory:
 * <ul>
 *   <li>{@code pipe-checkpoint.json}: {@code {"streamArn": ..., "sequenceNumber": ...}}, the last record handled, so a
 *       restarted pipe resumes where it stopped (EventBridge keeps this position for a pipe);</li>
 *   <li>{@code pipe-events.jsonl}: one line per record read, {@code {"time", "eventID", "eventName",
 *       "sequenceNumber", "matched", "executionArn"?}} (for people and the pipeline tests);</li>
 *   <li>{@code pipe-dead-letter.jsonl}: batches that could not be delivered after the retries (the DLQ stand-in).</li>
 * </ul>
 */
final class PipeState {

    /** Position in a stream. */
    record Checkpoint(String streamArn, String sequenceNumber) {}

    private final ObjectMapper json;
    private final Path checkpointFile;
    private final Path eventsFile;
    private final Path deadLetterFile;

    PipeState(ObjectMapper json, Path dir) throws IOException {
        this.json = json;
        Files.createDirectories(dir);
        this.checkpointFile = dir.resolve("pipe-checkpoint.json");
        this.eventsFile = dir.resolve("pipe-events.jsonl");
        this.deadLetterFile = dir.resolve("pipe-dead-letter.jsonl");
    }

    /** The stored checkpoint, or null when the pipe has never handled a record. */
    Checkpoint checkpoint() throws IOException {
        if (!Files.exists(checkpointFile)) {
            return null;
        }
        JsonNode node = json.readTree(checkpointFile.toFile());
        return new Checkpoint(node.path("streamArn").asText(), node.path("sequenceNumber").asText());
    }

    /** Stores the checkpoint atomically (write a temporary file, then rename). */
    void saveCheckpoint(Checkpoint checkpoint) throws IOException {
        Path tmp = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
        json.writeValue(tmp.toFile(), checkpoint);
        Files.move(tmp, checkpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Appends the filter decision for one record (and the execution it started, if any). */
    void logDecision(JsonNode record, boolean matched, String executionArn) throws IOException {
        ObjectNode line = json.createObjectNode()
                .put("time", Instant.now().toString())
                .put("eventID", record.path("eventID").asText())
                .put("eventName", record.path("eventName").asText())
                .put("sequenceNumber", record.path("dynamodb").path("SequenceNumber").asText())
                .put("matched", matched);
        line.set("keys", record.path("dynamodb").path("Keys"));
        if (executionArn != null) {
            line.put("executionArn", executionArn);
        }
        append(eventsFile, line);
    }

    /** Appends a batch that could not be delivered, with the last error. */
    void deadLetter(Iterable<JsonNode> batch, String error) throws IOException {
        ObjectNode line = json.createObjectNode().put("time", Instant.now().toString()).put("error", error);
        line.set("batch", json.valueToTree(batch));
        append(deadLetterFile, line);
    }

    private void append(Path file, JsonNode line) throws IOException {
        Files.writeString(file, json.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
