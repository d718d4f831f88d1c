package com.s3dynamopipe.local.pipe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Minimal client for AWS "JSON 1.0" protocol services (DynamoDB Streams, Step Functions): one POST per call with
 * {@code X-Amz-Target: <prefix>.<Operation>}. The local emulators do not verify signatures; dynalite only wants an
 * Authorization header of the SigV4 form and a date, so a placeholder one is sent.
 */
final class AwsJsonClient {

    /** An error answer: {@code __type} (without the {@code namespace#} part), message and HTTP status. */
    static final class ServiceException extends IOException {
        final String type;
        final int status;

        ServiceException(String type, String message, int status) {
            super(type + " (HTTP " + status + "): " + message);
            this.type = type;
            this.status = status;
        }
    }

    private static final String PLACEHOLDER_AUTHORIZATION =
            "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final URI endpoint;
    private final String targetPrefix;

    AwsJsonClient(ObjectMapper json, URI endpoint, String targetPrefix) {
        this.json = json;
        this.endpoint = endpoint;
        this.targetPrefix = targetPrefix;
    }

    /**
     * Calls {@code operation} with {@code body}.
     *
     * @return the parsed answer
     * @throws ServiceException for a 4xx/5xx answer
     * @throws IOException when the endpoint cannot be reached
     */
    JsonNode call(String operation, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", targetPrefix + "." + operation)
                .header("X-Amz-Date", "20200101T000000Z")
                .header("Authorization", PLACEHOLDER_AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode answer = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
        if (response.statusCode() >= 300) {
            String type = answer.path("__type").asText("UnknownError");
            throw new ServiceException(type.substring(type.indexOf('#') + 1),
                    answer.path("message").asText(answer.path("Message").asText("")), response.statusCode());
        }
        return answer;
    }
}
