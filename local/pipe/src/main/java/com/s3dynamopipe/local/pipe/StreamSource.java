package com.s3dynamopipe.local.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a table's stream through the DynamoDB Streams API ({@code DynamoDBStreams_20120810.*}, AWS API reference
 * "Amazon DynamoDB Streams"), as the pipe's poller does: DescribeTable for {@code LatestStreamArn}, DescribeStream for
 * the shard, GetShardIterator, then GetRecords in a loop. The local stream proxy keeps one shard per stream.
 */
final class StreamSource {

    /** One GetRecords answer: the records in stream order and the iterator to continue from. */
    record Page(List<JsonNode> records, String nextIterator) {}

    private final AwsJsonClient dynamodb;
    private final AwsJsonClient streams;
    private final String tableName;

    StreamSource(ObjectMapper json, URI endpoint, String tableName) {
        this.dynamodb = new AwsJsonClient(json, endpoint, "DynamoDB_20120810");
        this.streams = new AwsJsonClient(json, endpoint, "DynamoDBStreams_20120810");
        this.tableName = tableName;
    }

    /** The table's current stream ARN, empty while the table or its stream does not exist. */
    Optional<String> latestStreamArn() throws IOException, InterruptedException {
        try {
            JsonNode table = dynamodb.call("DescribeTable", java.util.Map.of("TableName", tableName)).path("Table");
            return Optional.ofNullable(table.path("LatestStreamArn").textValue());
        } catch (AwsJsonClient.ServiceException e) {
            if ("ResourceNotFoundException".equals(e.type)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * An iterator positioned after {@code sequenceNumber}, or at the oldest record (TRIM_HORIZON) when it is null.
     *
     * @throws IOException if the stream has no shard or cannot be read
     */
    String iterator(String streamArn, String sequenceNumber) throws IOException, InterruptedException {
        JsonNode shards = streams.call("DescribeStream", java.util.Map.of("StreamArn", streamArn))
                .path("StreamDescription").path("Shards");
        if (!shards.isArray() || shards.isEmpty()) {
            throw new IOException("stream has no shard: " + streamArn);
        }
        ObjectNode request = new ObjectMapper().createObjectNode()
                .put("StreamArn", streamArn)
                .put("ShardId", shards.get(0).path("ShardId").asText());
        if (sequenceNumber == null) {
            request.put("ShardIteratorType", "TRIM_HORIZON");
        } else {
            request.put("ShardIteratorType", "AFTER_SEQUENCE_NUMBER").put("SequenceNumber", sequenceNumber);
        }
        return streams.call("GetShardIterator", request).path("ShardIterator").asText();
    }

    /** Up to {@code limit} records after the iterator's position. */
    Page read(String iterator, int limit) throws IOException, InterruptedException {
        JsonNode answer = streams.call("GetRecords", java.util.Map.of("ShardIterator", iterator, "Limit", limit));
        List<JsonNode> records = new ArrayList<>();
        answer.path("Records").forEach(records::add);
        return new Page(records, answer.path("NextShardIterator").textValue());
    }
}
