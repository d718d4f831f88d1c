package com.s3dynamopipe.processor.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.s3dynamopipe.processor.model.Outcome;
import com.s3dynamopipe.processor.model.StreamRecord;
import com.s3dynamopipe.processor.service.LogContext;
import com.s3dynamopipe.processor.service.ProcessingService;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The Lambda entry point, invoked by Step Functions' {@code arn:aws:states:::lambda:invoke} with
 * {@code Payload} = the JSON array of DynamoDB stream records that the EventBridge Pipe handed to the workflow
 * (shapes: docs/design.md, "Stream → Pipe → Step Functions → processor").
 *
 * <p>Input: {@code [{"eventID": …, "eventName": "INSERT", …, "dynamodb": {…}}, …]}; a single record object is
 * accepted as a batch of one. Output: {@code [{"fileId": …, "ownerId": …, "outcome": "PROCESSED|FAILED|SKIPPED",
 * "reason": …}, …]}, one element per input element, in order. Elements that do not even bind to a stream record
 * are {@code SKIPPED}, so one poison record never blocks the others. Transient faults are thrown: the Lambda runtime
 * reports them as {@code errorType}/{@code errorMessage} and the workflow retries the whole batch (records already
 * terminal are then skipped).
 *
 * <p>A stream handler rather than a typed one: the array is read with the application's {@link ObjectMapper}, so
 * element types cannot be lost to generic erasure, and each element is bound on its own.
 *
 * <p>Logs (docs/design.md, "Logs and metrics"): every line of an invocation carries the Lambda request id, and the
 * lines of a record its item's {@code fileId} and opaque {@code ownerRef} ({@link LogContext}); one line per record
 * says what was done. Object keys in reasons are logged without their owner segment.
 */
@Named("processor")
public class ProcessorHandler implements RequestStreamHandler {

    private static final Logger LOG = Logger.getLogger(ProcessorHandler.class);

    private final ObjectMapper mapper;
    private final ProcessingService service;

    ProcessorHandler(ObjectMapper mapper, ProcessingService service) {
        this.mapper = mapper;
        this.service = service;
    }

    /**
     * @param input   the invocation payload, UTF-8 JSON (an array of stream records)
     * @param output  receives the JSON array of outcomes
     * @param context the Lambda context (request id for logs)
     * @throws IOException              when the payload is not JSON or the output cannot be written
     * @throws IllegalArgumentException when the payload is JSON but neither an array nor an object
     */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext.Invocation invocation =
                LogContext.invocation(context == null ? null : context.getAwsRequestId())) {
            JsonNode payload = mapper.readTree(input);
            List<JsonNode> elements = new ArrayList<>();
            if (payload != null && payload.isArray()) {
                payload.forEach(elements::add);
            } else if (payload != null && payload.isObject()) {
                elements.add(payload);
            } else {
                throw new IllegalArgumentException("expected a JSON array of DynamoDB stream records");
            }
            List<Outcome> outcomes = new ArrayList<>(elements.size());
            for (JsonNode element : elements) {
                outcomes.add(processLogged(element));
            }
            mapper.writeValue(output, outcomes);
        }
    }

    /** Processes one element with its item in the log context, and logs what was done (or the transient fault). */
    private Outcome processLogged(JsonNode element) {
        String eventId = element.path("eventID").asText("-");
        try {
            Outcome outcome = processElement(element);
            LOG.infof("Record %s: %s: %s", eventId, outcome.outcome(), LogContext.forLogs(outcome.reason()));
            return outcome;
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Record %s: transient fault, the workflow retries the batch: %s",
                    eventId, LogContext.forLogs(e.toString()));
            throw e;
        } finally {
            LogContext.endRecord();
        }
    }

    private Outcome processElement(JsonNode element) {
        StreamRecord record;
        try {
            record = mapper.treeToValue(element, StreamRecord.class);
        } catch (JsonProcessingException e) {
            return Outcome.skipped(null, "malformed stream record: " + e.getOriginalMessage());
        }
        return service.process(record);
    }
}
