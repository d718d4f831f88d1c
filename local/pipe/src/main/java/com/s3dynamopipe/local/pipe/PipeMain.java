package com.s3dynamopipe.local.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local EventBridge Pipe: DynamoDB stream (source) → filter (Event Ruler) → Step Functions (target).
 *
 * <p>Semantics follow the pipe in {@code terraform/pipe.tf}: records are read in stream order; each is matched
 * against the filter pattern; matching records are grouped into batches of {@code batchSize} and each batch starts
 * one execution whose input is the JSON array of records (FIRE_AND_FORGET); a batch that cannot be delivered after
 * {@code maxRetryAttempts} goes to the dead-letter file; the position is checkpointed after every batch. Each record
 * is shaped as Pipes delivers it: the Streams API record plus {@code eventSourceARN}, with
 * {@code dynamodb.ApproximateCreationDateTime} as floating-point epoch seconds.
 *
 * <p>Deviation: a pipe without a checkpoint starts at TRIM_HORIZON (Terraform says LATEST). Locally the pipe is
 * created together with the table, so both mean "everything the table ever emitted"; TRIM_HORIZON also keeps the
 * records written while the pipe was restarting before its first checkpoint.
 *
 * <p>Usage: {@code java -jar local-pipe.jar --streams-endpoint=URL --table=NAME --filter=FILE
 * --states-endpoint=URL --state-machine-arn=ARN --state-dir=DIR [--batch-size=1] [--max-retry-attempts=10]
 * [--poll-ms=250] [--input-template=FILE]}
 */
public final class PipeMain {

    private static final Duration STREAM_CHECK_INTERVAL = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final PipeSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final StreamSource source;
    private final RecordFilter filter;
    private final WorkflowTarget target;
    private final PipeState state;
    private String lastProblem;

    private PipeMain(PipeSettings settings) throws IOException {
        this.settings = settings;
        this.source = new StreamSource(json, settings.streamsEndpoint(), settings.tableName());
        this.filter = new RecordFilter(settings.filterFile());
        this.target = new WorkflowTarget(json, settings.statesEndpoint(), settings.stateMachineArn(),
                settings.inputTemplate() == null ? null : InputTemplate.read(json, settings.inputTemplate()));
        this.state = new PipeState(json, settings.stateDir());
    }

    /** Entry point; runs until the process is stopped. Exits with status 2 on invalid arguments. */
    public static void main(String[] args) throws Exception {
        PipeSettings settings;
        try {
            settings = PipeSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("pipe: " + e.getMessage());
            System.exit(2);
            return;
        }
        new PipeMain(settings).run();
    }

    private void run() throws InterruptedException {
        log("source table " + settings.tableName() + " via " + settings.streamsEndpoint()
                + ", filter " + settings.filterFile() + ", target " + settings.stateMachineArn()
                + " (FIRE_AND_FORGET, batch size " + settings.batchSize() + ")");
        while (true) {
            try {
                follow(awaitStream());
            } catch (IOException e) {
                String message = "source unavailable, retrying: " + e.getMessage();
                if (!message.equals(lastProblem)) {
                    log(message);
                    lastProblem = message;
                }
                Thread.sleep(1000);
            }
        }
    }

    private String awaitStream() throws IOException, InterruptedException {
        boolean reported = false;
        while (true) {
            Optional<String> arn = source.latestStreamArn();
            if (arn.isPresent()) {
                return arn.get();
            }
            if (!reported) {
                log("waiting for table " + settings.tableName() + " and its stream");
                reported = true;
            }
            Thread.sleep(1000);
        }
    }

    /** Reads one stream until it is replaced (table re-created) or the source fails. */
    private void follow(String streamArn) throws IOException, InterruptedException {
        PipeState.Checkpoint checkpoint = state.checkpoint();
        String after = checkpoint != null && checkpoint.streamArn().equals(streamArn) ? checkpoint.sequenceNumber() : null;
        log("reading " + streamArn + (after == null ? " from TRIM_HORIZON" : " after " + after));
        String iterator = source.iterator(streamArn, after);
        lastProblem = null;
        Instant lastCheck = Instant.now();
        while (iterator != null) {
            StreamSource.Page page = source.read(iterator, 100);
            handle(streamArn, page.records());
            iterator = page.nextIterator();
            if (page.records().isEmpty()) {
                Thread.sleep(settings.pollInterval().toMillis());
                if (Duration.between(lastCheck, Instant.now()).compareTo(STREAM_CHECK_INTERVAL) > 0) {
                    lastCheck = Instant.now();
                    if (!source.latestStreamArn().map(streamArn::equals).orElse(false)) {
                        log("stream " + streamArn + " is no longer the table's stream");
                        return;
                    }
                }
            }
        }
    }

    private void handle(String streamArn, List<JsonNode> records) throws IOException, InterruptedException {
        List<JsonNode> batch = new ArrayList<>();
        List<JsonNode> skipped = new ArrayList<>();
        for (JsonNode raw : records) {
            ObjectNode record = asDelivered(raw, streamArn);
            if (filter.matches(record)) {
                batch.add(record);
                if (batch.size() == settings.batchSize()) {
                    flush(streamArn, batch, skipped);
                }
            } else {
                skipped.add(record);
                if (batch.isEmpty()) {
                    flush(streamArn, batch, skipped);
                }
            }
        }
        flush(streamArn, batch, skipped);
    }

    /** Delivers the pending batch (if any), logs every pending decision and moves the checkpoint past them. */
    private void flush(String streamArn, List<JsonNode> batch, List<JsonNode> skipped)
            throws IOException, InterruptedException {
        String executionArn = batch.isEmpty() ? null : deliver(batch);
        JsonNode last = null;
        for (JsonNode record : skipped) {
            state.logDecision(record, false, null);
            last = later(last, record);
        }
        for (JsonNode record : batch) {
            state.logDecision(record, true, executionArn);
            last = later(last, record);
        }
        if (last != null) {
            state.saveCheckpoint(new PipeState.Checkpoint(streamArn, sequenceNumber(last)));
        }
        batch.clear();
        skipped.clear();
    }

    private String deliver(List<JsonNode> batch) throws IOException, InterruptedException {
        Duration backoff = Duration.ofSeconds(1);
        String error = null;
        for (int attempt = 1; attempt <= settings.maxRetryAttempts() + 1; attempt++) {
            try {
                return target.start(batch);
            } catch (IOException e) {
                error = e.getMessage();
                log("StartExecution failed (attempt " + attempt + "): " + error);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        log("retries exhausted, batch sent to the dead-letter file");
        state.deadLetter(batch, error);
        return null;
    }

    private ObjectNode asDelivered(JsonNode raw, String streamArn) {
        ObjectNode record = raw.deepCopy();
        record.put("eventSourceARN", streamArn);
        JsonNode dynamodb = record.path("dynamodb");
        if (dynamodb instanceof ObjectNode body && body.has("ApproximateCreationDateTime")) {
            body.put("ApproximateCreationDateTime", body.get("ApproximateCreationDateTime").asDouble());
        }
        return record;
    }

    private static JsonNode later(JsonNode a, JsonNode b) {
        if (a == null) {
            return b;
        }
        String sa = sequenceNumber(a);
        String sb = sequenceNumber(b);
        return sa.length() != sb.length() ? (sa.length() > sb.length() ? a : b) : (sa.compareTo(sb) >= 0 ? a : b);
    }

    private static String sequenceNumber(JsonNode record) {
        return record.path("dynamodb").path("SequenceNumber").asText();
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " pipe: " + message);
    }
}
