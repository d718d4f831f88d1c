package com.s3dynamopipe.local.pipe;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the pipe reads, filters and targets: the local counterpart of the {@code aws_pipes_pipe} resource in
 * {@code terraform/pipe.tf} (source = the table's stream, filter = {@code definitions/pipe-filter.json},
 * target = the state machine, FIRE_AND_FORGET, batch size 1, bounded retries, a dead-letter file).
 *
 * @param streamsEndpoint  DynamoDB + DynamoDB Streams JSON endpoint (the local stream proxy), e.g. {@code http://127.0.0.1:8000}
 * @param tableName        source table; its {@code LatestStreamArn} is the pipe's source
 * @param filterFile       EventBridge filter pattern (JSON) applied to each stream record
 * @param statesEndpoint   Step Functions JSON endpoint (the local workflow runner)
 * @param stateMachineArn  target state machine
 * @param batchSize        records per execution (the workflow always receives a JSON array)
 * @param maxRetryAttempts attempts to start an execution before the batch goes to the dead-letter file
 * @param stateDir         directory for {@code pipe-checkpoint.json}, {@code pipe-events.jsonl}, {@code pipe-dead-letter.jsonl}
 * @param pollInterval     pause between empty GetRecords calls (EventBridge polls a shard about 4 times a second)
 * @param inputTemplate    the target's input template ({@code definitions/pipe-target-input.template}), or
 *                         {@code null} to deliver the records whole
 */
record PipeSettings(
        URI streamsEndpoint,
        String tableName,
        Path filterFile,
        URI statesEndpoint,
        String stateMachineArn,
        int batchSize,
        int maxRetryAttempts,
        Path stateDir,
        Duration pollInterval,
        Path inputTemplate) {

    /**
     * Parses {@code --name=value} arguments.
     *
     * @throws IllegalArgumentException naming the first missing or malformed argument
     */
    static PipeSettings parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got: " + arg);
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return new PipeSettings(
                URI.create(required(values, "streams-endpoint")),
                required(values, "table"),
                Path.of(required(values, "filter")),
                URI.create(required(values, "states-endpoint")),
                required(values, "state-machine-arn"),
                Integer.parseInt(values.getOrDefault("batch-size", "1")),
                Integer.parseInt(values.getOrDefault("max-retry-attempts", "10")),
                Path.of(required(values, "state-dir")),
                Duration.ofMillis(Long.parseLong(values.getOrDefault("poll-ms", "250"))),
                values.containsKey("input-template") ? Path.of(values.get("input-template")) : null);
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name + "=...");
        }
        return value;
    }
}
