package com.s3dynamopipe.local.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pipe's target: a Standard state machine started with {@code StartExecution} (FIRE_AND_FORGET: the pipe does
 * not wait for the execution's outcome). The execution input is the batch as a JSON array, as EventBridge Pipes
 * delivers it even with batch size 1, each record first reshaped by the target's input template (if any).
 */
final class WorkflowTarget {

    private final ObjectMapper json;
    private final AwsJsonClient states;
    private final String stateMachineArn;
    private final InputTemplate inputTemplate;

    WorkflowTarget(ObjectMapper json, URI endpoint, String stateMachineArn, InputTemplate inputTemplate) {
        this.json = json;
        this.states = new AwsJsonClient(json, endpoint, "AWSStepFunctions");
        this.stateMachineArn = stateMachineArn;
        this.inputTemplate = inputTemplate;
    }

    /**
     * Starts one execution for {@code batch}.
     *
     * @return the execution ARN
     * @throws IOException if the service refuses or cannot be reached (the caller retries)
     */
    String start(List<JsonNode> batch) throws IOException, InterruptedException {
        List<JsonNode> input = new ArrayList<>();
        for (JsonNode record : batch) {
            input.add(inputTemplate == null ? record : inputTemplate.apply(record));
        }
        JsonNode answer = states.call("StartExecution",
                Map.of("stateMachineArn", stateMachineArn, "input", json.writeValueAsString(input)));
        return answer.path("executionArn").asText();
    }
}
