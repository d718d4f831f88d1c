package com.s3dynamopipe.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the upload API's route tests share: REST Assured requests go through the Lambda mock event server (API Gateway
 * HTTP API v2 events), the app talks to the running emulators (S3Proxy, dynalite) and verifies tokens from
 * cognito-local. Every refusal is checked for status, problem JSON code and for having stored nothing.
 */
abstract class ApiTestSupport {

    static final long CAP = 4_194_304;
    static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    static final RestAssuredConfig RAW_CONTENT_TYPE = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

    /**
     * @return a view into the emulators through the application's own clients; the native integration test builds its
     *     own clients. Looked up, not @Inject fields: @QuarkusIntegrationTest refuses a subclass of a class with those.
     */
    StorageProbe storage() {
        return StorageProbe.ofApplication();
    }

    static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static byte[] allByteValues(int repeat) {
        byte[] bytes = new byte[256 * repeat];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification as(String token) {
        RequestSpecification spec = given().config(RAW_CONTENT_TYPE);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    static Response upload(String token, Multipart form) {
        return as(token).contentType(form.contentType()).body(form.bytes()).post("/upload");
    }

    /**
     * Uploads {@code form} on the direct path and checks that it was stored (201).
     *
     * @return the new file's id
     */
    static String storedFileId(String token, Multipart form) {
        return upload(token, form).then().statusCode(201).extract().path("fileId");
    }

    static Multipart simpleForm(String name) {
        return new Multipart().file(name, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs a request that must be refused, and checks the problem JSON and that the owner's storage is unchanged.
     *
     * @return the response, for further checks
     */
    Response refused(String ownerId, int status, String code, Supplier<Response> request) {
        StorageProbe.Counts before = storage().counts(ownerId);
        Response response = request.get();
        response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body("code", equalTo(code));
        assertEquals(before, storage().counts(ownerId), "a refused request must store nothing");
        return response;
    }

    /**
     * Runs a request of a new user (a fresh token) that must be refused, with the checks of {@link #refused}.
     *
     * @param request the request, given the user's token
     * @return the response, for further checks
     */
    Response refusedForFreshUser(int status, String code, Function<String, Response> request) {
        String token = freshToken();
        return refused(Tokens.subject(token), status, code, () -> request.apply(token));
    }

    static String freshToken() {
        return Tokens.signWithCognitoLocalKey(Tokens.idClaims(Tokens.newSubject()));
    }

    /**
     * Sends a request as a raw API Gateway HTTP API (payload format 2.0) event to the mock event server's
     * {@code /_lambda_} endpoint: the way to reach the function with a request the local HTTP translation would not
     * pass on. Checks that the function answered (the event server's 200).
     *
     * @param headers the event's {@code headers} object (API Gateway's one value per name, repeated fields joined)
     * @return the function's HTTP response, for the same checks as a response over HTTP
     */
    static Response sendAsEvent(String method, String path, Map<String, String> headers, byte[] body) {
        Response raw = invokeEvent(method, path, headers, body);
        raw.then().statusCode(200);
        return asHttpResponse(raw);
    }

    /** @return the function's {@code APIGatewayV2HTTPResponse} to the event, as JSON */
    private static Response invokeEvent(String method, String path, Map<String, String> headers, byte[] body) {
        Map<String, Object> event = new java.util.HashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", headers);
        event.put(
                "requestContext",
                Map.of(
                        "http",
                        Map.of("method", method, "path", path, "protocol", "HTTP/1.1", "sourceIp", "127.0.0.1"),
                        "stage",
                        "$default",
                        "timeEpoch",
                        System.currentTimeMillis()));
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
        return given().contentType("application/json").body(event).post("/_lambda_");
    }

    /** Turns an {@code APIGatewayV2HTTPResponse} JSON into a REST Assured response for the common checks. */
    private static Response asHttpResponse(Response event) {
        Map<String, String> headers = event.jsonPath().getMap("headers");
        io.restassured.builder.ResponseBuilder builder = new io.restassured.builder.ResponseBuilder()
                .setStatusCode(event.jsonPath().getInt("statusCode"))
                .setBody(
                        event.jsonPath().getBoolean("isBase64Encoded")
                                ? new String(
                                        Base64.getDecoder()
                                                .decode(event.jsonPath().getString("body")),
                                        StandardCharsets.UTF_8)
                                : event.jsonPath().getString("body"));
        java.util.List<io.restassured.http.Header> list = new java.util.ArrayList<>();
        headers.forEach((name, value) -> list.add(new io.restassured.http.Header(name, value)));
        builder.setHeaders(new io.restassured.http.Headers(list));
        headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                .findFirst()
                .ifPresent(e -> builder.setContentType(e.getValue()));
        return builder.build();
    }

    /** @return the first configured CORS origin ({@code WEB_ORIGIN}, local test default http://localhost:3100) */
    static String allowedOrigin() {
        String origins = ConfigProvider.getConfig()
                .getOptionalValue("WEB_ORIGIN", String.class)
                .orElseGet(() -> ConfigProvider.getConfig()
                        .getOptionalValue("quarkus.http.cors.origins", String.class)
                        .orElse("http://localhost:3100"));
        return origins.split(",")[0].trim();
    }

    /** @return every value of a header, split at commas (API Gateway joins repeated headers with commas) */
    static List<String> headerValues(Response response, String name) {
        return response.headers().getValues(name).stream()
                .flatMap(v -> Stream.of(v.split(",")))
                .map(v -> v.trim().toLowerCase(java.util.Locale.ROOT))
                .toList();
    }
}
