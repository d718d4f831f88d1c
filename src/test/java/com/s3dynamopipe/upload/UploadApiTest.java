package com.s3dynamopipe.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The upload API end to end: REST Assured requests go through the Lambda mock event server (API Gateway HTTP API
 * v2 events), the app talks to the running emulators (S3Proxy, dynalite) and verifies tokens from cognito-local.
 * Every refusal is checked for status, problem JSON code and for having stored nothing.
 */
@QuarkusTest
class UploadApiTest {

    static final long CAP = 4_194_304;
    static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    static final RestAssuredConfig RAW_CONTENT_TYPE = RestAssured.config().encoderConfig(
            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));

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

    // ------------------------------------------------------------------------------------------ happy path

    @Test
    void uploadStoresExactBytesMetadataAndChecksum() {
        String token = Tokens.idToken(0);
        String owner = Tokens.subject(token);
        byte[] content = allByteValues(4);
        StorageProbe.Counts before = storage().counts(owner);

        Response response = upload(token, new Multipart().file("all-bytes.bin", "application/octet-stream", content)
                .comment("first upload"));

        response.then().statusCode(201)
                .contentType("application/json")
                .body("fileId", matchesPattern(UUID_V7))
                .body("fileName", equalTo("all-bytes.bin"))
                .body("sizeBytes", equalTo(content.length))
                .body("contentType", equalTo("application/octet-stream"))
                .body("sha256", equalTo(sha256(content)))
                .body("comment", equalTo("first upload"))
                .body("status", equalTo("UPLOADED"))
                .body("createdAt", matchesPattern(TIMESTAMP))
                .body("ownerId", nullValue())
                .body("objectKey", nullValue());
        String fileId = response.path("fileId");
        assertEquals("/files/" + fileId, response.header("Location"));
        Map<String, Object> json = response.jsonPath().getMap("");
        assertFalse(json.containsKey("processedAt"), "absent members are omitted, not null");

        String key = "uploads/" + owner + "/" + fileId;
        assertArrayEquals(content, storage().object(key), "stored bytes equal the sent bytes");
        Map<String, AttributeValue> item = storage().item(owner, fileId);
        assertEquals(owner, item.get("ownerId").s());
        assertEquals(key, item.get("objectKey").s());
        assertEquals("all-bytes.bin", item.get("fileName").s());
        assertEquals(Integer.toString(content.length), item.get("sizeBytes").n());
        assertEquals("application/octet-stream", item.get("contentType").s());
        assertEquals(sha256(content), item.get("sha256").s());
        assertEquals("first upload", item.get("comment").s());
        assertEquals("UPLOADED", item.get("status").s());
        assertEquals(response.path("createdAt"), item.get("createdAt").s());
        assertEquals(new StorageProbe.Counts(before.objects() + 1, before.items() + 1), storage().counts(owner));

        as(token).get("/files/" + fileId).then().statusCode(200)
                .body("fileId", equalTo(fileId))
                .body("sha256", equalTo(sha256(content)))
                .body("comment", equalTo("first upload"));
    }

    @Test
    void accessTokenIsAcceptedForTheSameOwner() {
        String access = Tokens.accessToken(0);
        String id = Tokens.idToken(0);
        assertEquals(Tokens.subject(id), Tokens.subject(access));

        String fileId = upload(access, simpleForm("via-access-token.txt")).then().statusCode(201)
                .extract().path("fileId");

        as(id).get("/files/" + fileId).then().statusCode(200).body("fileName", equalTo("via-access-token.txt"));
    }

    @Test
    void missingContentTypeIsStoredAsOctetStreamAndEmptyCommentIsOmitted() {
        String token = Tokens.idToken(0);
        Response response = upload(token, new Multipart().file("no-type", null, new byte[] {1, 2, 3}).comment(""));

        response.then().statusCode(201).body("contentType", equalTo("application/octet-stream"));
        assertFalse(response.jsonPath().getMap("").containsKey("comment"));
        Map<String, AttributeValue> item = storage().item(Tokens.subject(token), response.path("fileId"));
        assertFalse(item.containsKey("comment"), "an empty comment is not stored");
    }

    // ------------------------------------------------------------------------------------------ tokens

    static Stream<Arguments> rejectedTokens() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("no token", (Supplier<String>) () -> null, "missing_token"),
                Arguments.of("not a JWT", (Supplier<String>) () -> "not.a.jwt", "invalid_token"),
                Arguments.of("expired", (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                        Tokens.idClaims(Tokens.newSubject()).issuedAt(now - 7200).expiresAt(now - 3600)),
                        "invalid_token"),
                Arguments.of("not yet valid", (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                        Tokens.idClaims(Tokens.newSubject()).claim("nbf", now + 3600)), "invalid_token"),
                Arguments.of("wrong issuer", (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                        Tokens.idClaims(Tokens.newSubject()).issuer(Tokens.issuer() + "x")), "invalid_token"),
                Arguments.of("ID token of another app client", (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                        Tokens.idClaims(Tokens.newSubject()).audience("another-client")), "invalid_token"),
                Arguments.of("access token of another app client", (Supplier<String>) () ->
                        Tokens.signWithCognitoLocalKey(Tokens.accessClaims(Tokens.newSubject())
                                .claim("client_id", "another-client")), "invalid_token"),
                Arguments.of("access token with an aud but no client_id", (Supplier<String>) () ->
                        Tokens.signWithCognitoLocalKey(Tokens.accessClaims(Tokens.newSubject())
                                .remove("client_id").audience(Tokens.clientId())), "invalid_token"),
                Arguments.of("unknown token_use", (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                        Tokens.idClaims(Tokens.newSubject()).claim("token_use", "refresh")), "invalid_token"),
                Arguments.of("no token_use", (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                        Tokens.idClaims(Tokens.newSubject()).remove("token_use")), "invalid_token"),
                Arguments.of("sub not usable as an owner id", (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                        Tokens.idClaims("../other-owner")), "invalid_token"),
                Arguments.of("forged with another key", (Supplier<String>) () -> Tokens.signWithForeignKey(
                        Tokens.idClaims(Tokens.newSubject())), "invalid_token"),
                Arguments.of("alg none", (Supplier<String>) () -> Tokens.unsigned(Tokens.newSubject()),
                        "invalid_token"),
                Arguments.of("HS256 keyed with the public key", (Supplier<String>) () ->
                        Tokens.hs256WithPublicKey(Tokens.newSubject()), "invalid_token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void badTokensAreRefusedWithProblemJsonAndStoreNothing(String label, Supplier<String> tokenSource, String code) {
        String token = tokenSource.get();
        String owner = token == null || code.equals("missing_token") ? Tokens.newSubject() : subjectOrFresh(token);

        Response response = refused(owner, 401, code, () -> upload(token, simpleForm("never-stored.txt")));

        assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), label);
        refused(owner, 401, code, () -> as(token).get("/files"));
    }

    static String subjectOrFresh(String token) {
        try {
            return Tokens.subject(token);
        } catch (RuntimeException e) {
            return Tokens.newSubject();
        }
    }

    @Test
    void craftedTokensWithTheRightClaimsAreAccepted() {
        // Control for the refusals above: the same construction with correct claims passes.
        String sub = Tokens.newSubject();
        upload(Tokens.signWithCognitoLocalKey(Tokens.idClaims(sub)), simpleForm("crafted-id.txt"))
                .then().statusCode(201);
        upload(Tokens.signWithCognitoLocalKey(Tokens.accessClaims(sub)), simpleForm("crafted-access.txt"))
                .then().statusCode(201);
        assertEquals(new StorageProbe.Counts(2, 2), storage().counts(sub));
    }

    // ------------------------------------------------------------------------------------------ form rules

    static String freshToken() {
        return Tokens.signWithCognitoLocalKey(Tokens.idClaims(Tokens.newSubject()));
    }

    @Test
    void emptyFileIsRefused() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "empty_file",
                () -> upload(token, new Multipart().file("empty.txt", "text/plain", new byte[0])));
    }

    @Test
    void fileOfExactlyTheCapIsAccepted() {
        String token = freshToken();
        byte[] content = new byte[(int) CAP];
        content[content.length - 1] = 42;
        upload(token, new Multipart().file("cap.bin", "application/octet-stream", content))
                .then().statusCode(201).body("sizeBytes", equalTo((int) CAP)).body("sha256", equalTo(sha256(content)));
    }

    @Test
    void fileOneByteAboveTheCapIsRefused() {
        String token = freshToken();
        Response response = refused(Tokens.subject(token), 413, "file_too_large", () -> upload(token,
                new Multipart().file("cap-plus-one.bin", "application/octet-stream", new byte[(int) CAP + 1])));
        response.then().body("limitBytes", equalTo((int) CAP)).body("title", equalTo("Payload Too Large"));
    }

    /**
     * Sends a raw API Gateway HTTP API (payload format 2.0) event to the mock event server's {@code /_lambda_}
     * endpoint: the way to reach the function with a request the local HTTP translation would not pass on.
     *
     * @return the function's {@code APIGatewayV2HTTPResponse} as JSON
     */
    static Response invokeEvent(String method, String path, Map<String, String> headers, byte[] body) {
        Map<String, Object> event = new java.util.HashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", headers);
        event.put("requestContext", Map.of("http", Map.of("method", method, "path", path, "protocol", "HTTP/1.1",
                "sourceIp", "127.0.0.1"), "stage", "$default", "timeEpoch", System.currentTimeMillis()));
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
        return given().contentType("application/json").body(event).post("/_lambda_");
    }

    @Test
    void bodyAboveTheHttpLimitIsRefusedAsFileTooLarge() {
        // API Gateway (10 MB) and the local HTTP translation (10 MiB) stop such bodies before the function; the
        // function's own check is reached here with a raw event whose declared length is above the limit.
        String token = freshToken();
        Multipart form = simpleForm("declared-huge.bin");
        Response response = refused(Tokens.subject(token), 413, "file_too_large", () -> {
            Response raw = invokeEvent("POST", "/upload", Map.of("content-type", form.contentType(),
                    "content-length", Long.toString(20L * 1024 * 1024), "authorization", "Bearer " + token,
                    "origin", allowedOrigin()), form.bytes());
            raw.then().statusCode(200);
            return asHttpResponse(raw);
        });
        response.then().body("limitBytes", equalTo((int) CAP));
        assertEquals(allowedOrigin(), response.header("Access-Control-Allow-Origin"),
                "CORS headers come first, so a browser sees the problem");
    }

    /** Turns an {@code APIGatewayV2HTTPResponse} JSON into a REST Assured response for the common checks. */
    static Response asHttpResponse(Response event) {
        Map<String, String> headers = event.jsonPath().getMap("headers");
        io.restassured.builder.ResponseBuilder builder = new io.restassured.builder.ResponseBuilder()
                .setStatusCode(event.jsonPath().getInt("statusCode"))
                .setBody(event.jsonPath().getBoolean("isBase64Encoded")
                        ? new String(Base64.getDecoder().decode(event.jsonPath().getString("body")),
                                StandardCharsets.UTF_8)
                        : event.jsonPath().getString("body"));
        java.util.List<io.restassured.http.Header> list = new java.util.ArrayList<>();
        headers.forEach((name, value) -> list.add(new io.restassured.http.Header(name, value)));
        builder.setHeaders(new io.restassured.http.Headers(list));
        headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type")).findFirst()
                .ifPresent(e -> builder.setContentType(e.getValue()));
        return builder.build();
    }

    @Test
    void formWithoutFilePartIsRefused() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "missing_file",
                () -> upload(token, new Multipart().comment("a comment without a file")));
    }

    @Test
    void formWithTwoFilePartsIsRefused() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "too_many_files", () -> upload(token, simpleForm("one.txt")
                .file("two.txt", "text/plain", "second".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void filePartWithoutFileNameIsRefused() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "invalid_file_name",
                () -> upload(token, new Multipart().file(null, null, "text".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void veryLongCommentIsRefusedAsTooLongNotAsTooLarge() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "comment_too_long",
                () -> upload(token, simpleForm("commented.txt").comment("😀".repeat(50_000))));
    }

    @Test
    void repeatedCommentIsRefused() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "malformed_body",
                () -> upload(token, simpleForm("commented.txt").comment("one").comment("two")));
    }

    @Test
    void multipartWithoutBoundaryIsMalformed() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "malformed_body", () -> as(token).contentType("multipart/form-data")
                .body(simpleForm("no-boundary.txt").bytes()).post("/upload"));
    }

    @Test
    void bodyWithoutContentTypeIsUnsupported() {
        String token = freshToken();
        refused(Tokens.subject(token), 415, "unsupported_media_type",
                () -> as(token).body(new byte[] {1, 2, 3}).post("/upload"));
    }

    /**
     * JAX-RS lets a request without any Content-Type through to {@code @Consumes(multipart/form-data)}; it must be
     * 415, not a 500. Sent with the JDK client, which (unlike REST Assured) adds no Content-Type of its own.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void requestWithoutAnyContentTypeIsUnsupported(boolean withBody) throws Exception {
        String token = freshToken();
        StorageProbe.Counts before = storage().counts(Tokens.subject(token));
        HttpRequest.BodyPublisher body = withBody
                ? HttpRequest.BodyPublishers.ofByteArray(simpleForm("no-content-type.txt").bytes())
                : HttpRequest.BodyPublishers.noBody();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                .uri(URI.create("http://localhost:" + RestAssured.port + "/upload"))
                .header("Authorization", "Bearer " + token)
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(415, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().contains("\"code\":\"unsupported_media_type\""), response.body());
        assertEquals(before, storage().counts(Tokens.subject(token)), "a refused request must store nothing");
    }

    @Test
    void mediaTypeNamesAreCaseInsensitive() {
        Multipart form = simpleForm("case.txt");
        as(freshToken()).contentType(form.contentType().replace("multipart/form-data", "Multipart/Form-Data"))
                .body(form.bytes()).post("/upload")
                .then().statusCode(201).body("fileName", equalTo("case.txt"));
    }

    @Test
    void rfc8187FileNameKeepsPlusSigns() {
        Multipart form = new Multipart().partWithDisposition(
                "form-data; name=\"file\"; filename*=utf-8''a+b%20%2B%20c.txt", "text/plain",
                "plus".getBytes(StandardCharsets.US_ASCII));
        upload(freshToken(), form).then().statusCode(201).body("fileName", equalTo("a+b + c.txt"));
    }

    @Test
    void extendedFileNameWinsOverThePlainOne() {
        Multipart form = new Multipart().partWithDisposition(
                "form-data; name=\"file\"; filename=\"resume; filename*=x.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
                "text/plain", "both".getBytes(StandardCharsets.US_ASCII));
        upload(freshToken(), form).then().statusCode(201).body("fileName", equalTo("résumé.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8'r%C3%A9sum%C3%A9.txt", "KOI8-R''name.txt", "UTF-8''bad%2", "UTF-8''bad%ZZ.txt",
        "UTF-8''%C3%28.txt"})
    void malformedExtendedFileNameIsRefused(String value) {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "invalid_file_name", () -> upload(token, new Multipart()
                .partWithDisposition("form-data; name=\"file\"; filename=\"fallback.txt\"; filename*=" + value,
                        "text/plain", "x".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void rfc5987FileNameIsDecoded() {
        Multipart form = new Multipart().partWithDisposition(
                "form-data; name=\"file\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%F0%9F%98%80.pdf", "application/pdf",
                "%PDF".getBytes(StandardCharsets.US_ASCII));
        upload(freshToken(), form).then().statusCode(201).body("fileName", equalTo("Résumé 😀.pdf"));
    }

    @Test
    void commentOfExactlyOneThousandCharactersIsAccepted() {
        String comment = "😀".repeat(500) + "é".repeat(500);
        upload(freshToken(), simpleForm("commented.txt").comment(comment))
                .then().statusCode(201).body("comment", equalTo(comment));
    }

    @Test
    void commentWithLineBreaksAndTabsIsAccepted() {
        String comment = "line one\r\nline two\n\tindented";
        upload(freshToken(), simpleForm("multiline.txt").comment(comment))
                .then().statusCode(201).body("comment", equalTo(comment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul \u0000 inside", "escape \u001b[31m red", "delete \u007f", "c1 \u0085 next line"})
    void commentWithControlCharactersIsRefused(String comment) {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "invalid_comment",
                () -> upload(token, simpleForm("control.txt").comment(comment)));
    }

    @Test
    void commentOfOneThousandAndOneCharactersIsRefused() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "comment_too_long",
                () -> upload(token, simpleForm("commented.txt").comment("😀".repeat(1001))))
                .then().body("limitCharacters", equalTo(1000));
    }

    @Test
    void nonMultipartBodyIsUnsupportedMediaType() {
        String token = freshToken();
        refused(Tokens.subject(token), 415, "unsupported_media_type", () -> as(token).contentType("application/json")
                .body("{\"file\":\"aGVsbG8=\",\"fileName\":\"a.txt\"}").post("/upload"));
    }

    @Test
    void truncatedMultipartBodyIsMalformed() {
        String token = freshToken();
        Multipart form = simpleForm("truncated.txt");
        byte[] whole = form.bytes();
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 20);
        refused(Tokens.subject(token), 400, "malformed_body",
                () -> as(token).contentType(form.contentType()).body(truncated).post("/upload"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../../etc/passwd", "dir/name.txt", "tab\tname.txt",
        "nul\u0000name.txt", "del\u007Fname.txt", "c1\u0085name.txt", "rtl\u202Etxt.exe", "isolate\u2066name.txt"})
    void invalidFileNamesAreRefused(String name) {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "invalid_file_name", () -> upload(token, simpleForm(name)));
    }

    @Test
    void fileNameLongerThan255CharactersIsRefused() {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "invalid_file_name", () -> upload(token, simpleForm("a".repeat(300))));
        refused(Tokens.subject(token), 400, "invalid_file_name", () -> upload(token, simpleForm("😀".repeat(256))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<img src=x onerror=alert(1)>.html", "Résumé 履歴書 çà.pdf", "😀 party 🎉.png",
        "a+b & c%20d #1?.txt", "it's (final) [v2] {x} ~!@$^=;,.txt", "  leading and trailing spaces  ",
        ".hidden", "a..b.txt", "back\\slash.txt", "C:\\Users\\me\\x.txt"})
    void printableFileNamesAreAcceptedAndReturnedAsSent(String name) {
        String token = freshToken();
        Response response = upload(token, simpleForm(name));
        response.then().statusCode(201).body("fileName", equalTo(name));
        assertEquals(name, storage().item(Tokens.subject(token), response.path("fileId")).get("fileName").s());
    }

    @Test
    void fileNameOfExactly255CharactersIsAccepted() {
        String name = "😀".repeat(255);
        upload(freshToken(), simpleForm(name)).then().statusCode(201).body("fileName", equalTo(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a type", "text", "text/", "/plain", "text/plain; charset", "a/b\u00e9"})
    void invalidContentTypesAreRefused(String contentType) {
        String token = freshToken();
        refused(Tokens.subject(token), 400, "invalid_content_type", () -> upload(token,
                new Multipart().file("typed.txt", contentType, "x".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void contentTypeWithParametersIsKeptAsSent() {
        upload(freshToken(), new Multipart().file("page.html", "text/html; charset=UTF-8",
                "<p>x</p>".getBytes(StandardCharsets.UTF_8)))
                .then().statusCode(201).body("contentType", equalTo("text/html; charset=UTF-8"));
    }

    // ------------------------------------------------------------------------------------------ reads

    @Test
    void listingIsNewestFirstWithPagination() {
        String token = freshToken();
        as(token).get("/files").then().statusCode(200).body("items.size()", equalTo(0))
                .body("nextCursor", nullValue());
        List<String> ids = Stream.of("first.txt", "second.txt", "third.txt")
                .map(name -> upload(token, simpleForm(name)).then().statusCode(201).extract().<String>path("fileId"))
                .toList();

        Response page1 = as(token).queryParam("limit", 2).get("/files");
        page1.then().statusCode(200).body("items.fileId", equalTo(List.of(ids.get(2), ids.get(1))))
                .body("items[0].fileName", equalTo("third.txt"))
                .body("nextCursor", notNullValue());
        Response page2 = as(token).queryParam("limit", 2).queryParam("cursor", page1.path("nextCursor").toString())
                .get("/files");
        page2.then().statusCode(200).body("items.fileId", equalTo(List.of(ids.get(0))));
        assertFalse(page2.jsonPath().getMap("").containsKey("nextCursor"), "the last page has no cursor");

        as(token).get("/files").then().statusCode(200)
                .body("items.fileId", equalTo(List.of(ids.get(2), ids.get(1), ids.get(0))))
                .body("nextCursor", nullValue());
        as(token).queryParam("limit", 3).get("/files").then().statusCode(200)
                .body("items.size()", equalTo(3)).body("nextCursor", nullValue());
    }

    @Test
    void listingLargerThanTheOutputBufferIsAnsweredCompletely() {
        // quarkusio/quarkus#44551: a chunked answer over ~8 KiB never ends through the Lambda mock event server.
        String token = freshToken();
        String comment = "😀".repeat(1000);
        for (int i = 0; i < 6; i++) {
            upload(token, simpleForm("large-listing-" + i + ".txt").comment(comment)).then().statusCode(201);
        }
        Response page = as(token)
                .config(RAW_CONTENT_TYPE.httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 30_000)))
                .queryParam("limit", 6).get("/files");
        page.then().statusCode(200).body("items.size()", equalTo(6)).body("items[5].comment", equalTo(comment));
        assertTrue(page.asByteArray().length > 24_000, "the answer is several times the 8 KiB output buffer");
    }

    @Test
    void anotherUsersFileIsNotFoundExactlyLikeAMissingOne() {
        String alice = Tokens.idToken(0);
        String bob = Tokens.idToken(1);
        String fileId = upload(alice, simpleForm("alice-only.txt")).then().statusCode(201).extract().path("fileId");
        String bobOwner = Tokens.subject(bob);

        Response foreign = refused(bobOwner, 404, "not_found", () -> as(bob).get("/files/" + fileId));
        Response missing = refused(bobOwner, 404, "not_found",
                () -> as(bob).get("/files/" + "0190d3f0-0000-7000-8000-000000000000"));
        Response notAnId = refused(bobOwner, 404, "not_found", () -> as(bob).get("/files/not-a-uuid"));

        assertEquals(missing.asString(), foreign.asString());
        assertEquals(missing.asString(), notAnId.asString());
        assertEquals(missing.contentType(), foreign.contentType());
        as(bob).get("/files").then().statusCode(200).body("items.fileId", org.hamcrest.Matchers.not(
                org.hamcrest.Matchers.hasItem(fileId)));
    }

    static String cursorOf(String fileId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fileId.getBytes(StandardCharsets.US_ASCII));
    }

    static Stream<Arguments> badQueries() {
        String notUuid = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("not-a-uuid".getBytes(StandardCharsets.US_ASCII));
        String upperUuid = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("0190D3F0-0000-7000-8000-000000000000".getBytes(StandardCharsets.US_ASCII));
        return Stream.of(
                Arguments.of("cursor", "!!!", "invalid_cursor"),
                Arguments.of("cursor", notUuid, "invalid_cursor"),
                Arguments.of("cursor", upperUuid, "invalid_cursor"),
                Arguments.of("cursor", "", "invalid_cursor"),
                Arguments.of("limit", "0", "invalid_limit"),
                Arguments.of("limit", "101", "invalid_limit"),
                Arguments.of("limit", "-1", "invalid_limit"),
                Arguments.of("limit", "ten", "invalid_limit"),
                Arguments.of("limit", "", "invalid_limit"),
                Arguments.of("limit", "1e2", "invalid_limit"),
                Arguments.of("limit", List.of("5", "6"), "invalid_limit"),
                Arguments.of("cursor", List.of(cursorOf("0190d3f0-0000-7000-8000-000000000000"),
                        cursorOf("0190d3f0-0000-7000-8000-000000000001")), "invalid_cursor"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badQueries")
    void badListParametersAreRefused(String name, Object value, String code) {
        String token = freshToken();
        refused(Tokens.subject(token), 400, code, () -> as(token).queryParam(name,
                value instanceof List<?> values ? values : List.of(value)).get("/files"));
    }

    // ------------------------------------------------------------------------------------------ HTTP surface

    /** @return the first configured CORS origin ({@code WEB_ORIGIN}, local test default http://localhost:3100) */
    static String allowedOrigin() {
        String origins = ConfigProvider.getConfig().getOptionalValue("WEB_ORIGIN", String.class)
                .orElseGet(() -> ConfigProvider.getConfig().getOptionalValue("quarkus.http.cors.origins", String.class)
                        .orElse("http://localhost:3100"));
        return origins.split(",")[0].trim();
    }

    @Test
    void preflightFromTheWebOriginIsAnsweredWithoutAToken() {
        String origin = allowedOrigin();
        Response preflight = given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/upload")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(origin))
                .extract().response();
        assertTrue(headerValues(preflight, "Access-Control-Allow-Methods").containsAll(List.of("get", "post")));
        assertTrue(headerValues(preflight, "Access-Control-Allow-Headers").containsAll(
                List.of("authorization", "content-type")));
        assertNotEquals("true", preflight.header("Access-Control-Allow-Credentials"), "no cookies are involved");
    }

    /** @return every value of a header, split at commas (API Gateway joins repeated headers with commas) */
    static List<String> headerValues(Response response, String name) {
        return response.headers().getValues(name).stream().flatMap(v -> Stream.of(v.split(",")))
                .map(v -> v.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    @Test
    void preflightFromAnotherOriginGetsNoCorsGrant() {
        Response response = given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/upload");
        assertNull(response.header("Access-Control-Allow-Origin"));
    }

    @Test
    void crossOriginUploadExposesLocation() {
        String origin = allowedOrigin();
        as(freshToken()).header("Origin", origin).contentType("multipart/form-data; boundary=x")
                .body(simpleFormBytesWithBoundary()).post("/upload")
                .then().statusCode(201)
                .header("Access-Control-Allow-Origin", equalTo(origin))
                .header("Access-Control-Expose-Headers", containsString("Location"));
    }

    @Test
    void crossOriginRefusalsCarryCorsHeadersSoBrowsersSeeTheProblem() {
        String origin = allowedOrigin();
        refused(Tokens.newSubject(), 401, "missing_token", () -> as(null).header("Origin", origin).get("/files"))
                .then().header("Access-Control-Allow-Origin", equalTo(origin));
        String token = freshToken();
        Multipart tooLarge = new Multipart().file("big.bin", null, new byte[(int) CAP + 1]);
        refused(Tokens.subject(token), 413, "file_too_large", () -> as(token).header("Origin", origin)
                .contentType(tooLarge.contentType()).body(tooLarge.bytes()).post("/upload"))
                .then().header("Access-Control-Allow-Origin", equalTo(origin));
    }

    static byte[] simpleFormBytesWithBoundary() {
        return ("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cors.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n--x--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void unknownRouteIsProblemJson() {
        String token = freshToken();
        refused(Tokens.subject(token), 404, "not_found", () -> as(token).get("/nowhere"));
        refused(Tokens.subject(token), 404, "not_found", () -> as(null).get("/nowhere"));
    }

    @Test
    void clientsThatAcceptNoJsonGetProblemJson() {
        String token = freshToken();
        refused(Tokens.subject(token), 406, "not_acceptable", () -> as(token).accept("text/html").get("/files"));
    }

    @Test
    void wrongMethodIsProblemJson() {
        String token = freshToken();
        refused(Tokens.subject(token), 405, "method_not_allowed", () -> as(token).get("/upload"));
    }

    @Test
    void problemBodiesCarryNoInternals() {
        String token = freshToken();
        String body = refused(Tokens.subject(token), 400, "invalid_cursor",
                () -> as(token).queryParam("cursor", "!!!").get("/files")).asString();
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains(token), body);
        assertNotNull(body);
    }
}
