package com.s3dynamopipe.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The private local cloud bench/run started, as its {@code cloud.json} describes it (written by local/start:
 * endpoints, bucket, table, Cognito pool and users), with plain SDK clients for it.
 */
final class Cloud {

    static final ObjectMapper JSON = new ObjectMapper();

    final JsonNode state;
    final String region;
    final String bucket;
    final String table;
    final String streamArn;
    final String s3Endpoint;
    final String dynamodbEndpoint;
    final String dynamodbBackend;
    final String apiUrl;
    final String processorLambdaUrl;
    final Map<String, String> env;
    final HttpClient http;

    Cloud(Path cloudJson) throws IOException {
        state = JSON.readTree(cloudJson.toFile());
        region = state.path("region").asText();
        bucket = state.path("s3").path("bucket").asText();
        table = state.path("dynamodb").path("table").asText();
        streamArn = state.path("dynamodb").path("streamArn").asText();
        s3Endpoint = state.path("s3").path("endpoint").asText();
        dynamodbEndpoint = state.path("dynamodb").path("endpoint").asText();
        dynamodbBackend = state.path("dynamodb").path("backendEndpoint").asText();
        apiUrl = state.path("api").path("url").asText();
        processorLambdaUrl = state.path("processor").path("lambdaUrl").asText();
        env = JSON.convertValue(state.path("env"), JSON.getTypeFactory().constructMapType(Map.class, String.class,
                String.class));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    int port(String url) {
        return URI.create(url).getPort();
    }

    long pid() {
        return state.path("pid").asLong();
    }

    String dataDir() {
        return state.path("dataDir").asText();
    }

    /** A plain S3 client for the cloud's S3Proxy: same SDK and HTTP client (URLConnection) as the functions. */
    S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create(s3Endpoint))
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(5)).build())
                .build();
    }

    /** DynamoDB as the apps see it (the stream proxy) or, with {@code backend}, dynalite itself (no stream record). */
    DynamoDbClient dynamodb(boolean backend) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(backend ? dynamodbBackend : dynamodbEndpoint))
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private StaticCredentialsProvider credentials() {
        JsonNode c = state.path("credentials");
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.path("accessKeyId").asText(),
                c.path("secretAccessKey").asText()));
    }

    /** An ID token for the first seeded user (InitiateAuth USER_PASSWORD_AUTH, as the page signs in). */
    String idToken() throws IOException, InterruptedException {
        JsonNode cognito = state.path("cognito");
        Map<String, Object> body = Map.of("AuthFlow", "USER_PASSWORD_AUTH",
                "ClientId", cognito.path("clientId").asText(),
                "AuthParameters", Map.of("USERNAME", cognito.path("users").path(0).asText(),
                        "PASSWORD", cognito.path("password").asText()));
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(cognito.path("endpoint").asText() + "/"))
                .header("content-type", "application/x-amz-json-1.1")
                .header("x-amz-target", "AWSCognitoIdentityProviderService.InitiateAuth")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IOException("InitiateAuth answered " + res.statusCode() + ": " + res.body());
        }
        return JSON.readTree(res.body()).path("AuthenticationResult").path("IdToken").asText();
    }

    /** The {@code sub} claim of a JWT (not verified). */
    static String subject(String jwt) throws IOException {
        String payload = jwt.split("\\.")[1];
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload)).path("sub").asText();
    }
}
