package com.s3dynamopipe.processor.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One element of the processor's input array: a DynamoDB stream record as EventBridge Pipes hands it to Step
 * Functions (AWS docs: DynamoDB Streams API "Record"; EventBridge Pipes "Amazon DynamoDB stream as a source").
 * Member names are the wire names, e.g.
 * <pre>{"eventID": "…", "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
 *  "awsRegion": "us-east-1", "eventSourceARN": "arn:aws:dynamodb:…:table/files/stream/…", "dynamodb": {…}}</pre>
 * Unknown members are ignored; every member may be absent ({@code null}).
 *
 * @param eventId        unique id of the change
 * @param eventName      {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param eventVersion   record format version, e.g. {@code 1.1}
 * @param eventSource    {@code aws:dynamodb}
 * @param awsRegion      region of the table
 * @param eventSourceArn ARN of the stream the record came from
 * @param dynamodb       the change itself (AWS type "StreamRecord")
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record StreamRecord(
        @JsonProperty("eventID") String eventId,
        @JsonProperty("eventName") String eventName,
        @JsonProperty("eventVersion") String eventVersion,
        @JsonProperty("eventSource") String eventSource,
        @JsonProperty("awsRegion") String awsRegion,
        @JsonProperty("eventSourceARN") String eventSourceArn,
        @JsonProperty("dynamodb") StreamChange dynamodb) {

    /** The only event name the processor acts on. */
    public static final String INSERT = "INSERT";
}
