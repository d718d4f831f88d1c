package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs as real clients send them, through the same path as every other test: HTTP to the Lambda mock
 * event server, which turns each request into an API Gateway HTTP API (payload 2.0) event, as API Gateway does.
 *
 * <ul>
 * <li>Part header parameters written the way curl and browsers write them: quoted-pairs ({@code \"}, RFC 9110
 * section 5.6.4, which RFC 7578 inherits), the WHATWG escapes {@code %22}, {@code %0D}, {@code %0A} of HTML's
 * multipart/form-data encoding, {@code filename*} (RFC 8187) and parameters in any order.</li>
 * <li>Fields that must come once (RFC 9110 section 5.3): two {@code Authorization} fields, or one value holding two
 * credentials, are {@code 401 invalid_token} whichever is valid; two {@code Content-Type} or {@code Content-Length}
 * values are {@code 400 repeated_header}. API Gateway joins repeated fields with commas into the event's
 * {@code headers} (the 2.0 format has no {@code multiValueHeaders}); the mock event server does the same.</li>
 * </ul>
 * Every refusal is checked for its problem JSON and for having stored nothing.
 */
@QuarkusTest
class ClientInputsTest {

    /** @return a view into the emulators; the native integration test builds its own clients */
    StorageProbe storage() {
        return StorageProbe.ofApplication();
    }

    // ------------------------------------------------------------------------------ multipart header parameters

    /** @return label, the Content-Disposition as a client writes it, the file name it stands for */
    static Stream<Arguments> keptNames() {
        return Stream.of(
                Arguments.of(
                        "curl: quoted-pairs around a quote",
                        "form-data; name=\"file\"; filename=\"\\\"quoted\\\" report.txt\"",
                        "\"quoted\" report.txt"),
                Arguments.of(
                        "curl: an escaped backslash",
                        "form-data; name=\"file\"; filename=\"back\\\\slash.txt\"",
                        "back\\slash.txt"),
                Arguments.of(
                        "browser: a Linux name with a backslash, sent raw",
                        "form-data; name=\"file\"; filename=\"a\\b.txt\"",
                        "a\\b.txt"),
                Arguments.of(
                        "old browser: a Windows path, sent raw",
                        "form-data; name=\"file\"; filename=\"C:\\Users\\me\\x.txt\"",
                        "C:\\Users\\me\\x.txt"),
                Arguments.of(
                        "browser: %22 for a quote (WHATWG)",
                        "form-data; name=\"file\"; filename=\"say %22hi%22.txt\"", "say \"hi\".txt"),
                Arguments.of("name after filename", "form-data; filename=\"after.txt\"; name=\"file\"", "after.txt"),
                Arguments.of(
                        "name after a filename with a quoted-pair",
                        "form-data; filename=\"\\\"x\"; name=\"file\"",
                        "\"x"),
                Arguments.of(
                        "name after filename*",
                        "form-data; filename*=UTF-8''na%C3%AFve.txt; name=\"file\"",
                        "naïve.txt"),
                Arguments.of(
                        "filename* before filename",
                        "form-data; name=\"file\"; filename*=UTF-8''%E2%82%AC.txt; " + "filename=\"EUR.txt\"",
                        "€.txt"),
                Arguments.of("token values without quotes", "form-data; name=file; filename=plain.txt", "plain.txt"),
                Arguments.of(
                        "a literal %25 and %20 stay as sent",
                        "form-data; name=\"file\"; filename=\"100%25 %20.txt\"", "100%25 %20.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keptNames")
    void fileNameParametersAreReadAsClientsWriteThem(String label, String disposition, String expected) {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        Response response = UploadApiTest.upload(
                token,
                new Multipart()
                        .partWithDisposition(
                                disposition, "text/plain", "client input".getBytes(StandardCharsets.UTF_8)));

        response.then().statusCode(201).body("fileName", equalTo(expected));
        String fileId = response.path("fileId");
        var item = storage().item(owner, fileId);
        assertEquals(expected, item.get("fileName").s(), label);
        assertEquals("uploads/" + owner + "/" + fileId, item.get("objectKey").s(), "names never reach object keys");
        UploadApiTest.as(token).get("/files/" + fileId).then().statusCode(200).body("fileName", equalTo(expected));
    }

    /** @return label, Content-Disposition, what the problem detail must say */
    static Stream<Arguments> refusedNames() {
        return Stream.of(
                Arguments.of(
                        "browser: %0D%0A (a line break in the name)",
                        "form-data; name=\"file\"; filename=\"two%0D%0Alines.txt\"", "control character"),
                Arguments.of(
                        "browser: %0A alone", "form-data; name=\"file\"; filename=\"a%0Ab.txt\"", "control character"),
                Arguments.of(
                        "a slash: a path, not a name", "form-data; name=\"file\"; filename=\"dir/name.txt\"", "\"/\""),
                Arguments.of(
                        "filename* whose bytes are not UTF-8",
                        "form-data; name=\"file\"; filename*=UTF-8''%C3%28.txt",
                        "UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedNames")
    void namesThatCannotBeShownSafelyAreRefusedWithTheReason(String label, String disposition, String reason) {
        String token = UploadApiTest.freshToken();
        refused(
                        List.of(Tokens.subject(token)),
                        400,
                        "invalid_file_name",
                        () -> UploadApiTest.upload(
                                token,
                                new Multipart()
                                        .partWithDisposition(
                                                disposition, "text/plain", "x".getBytes(StandardCharsets.UTF_8))))
                .then()
                .body("detail", containsString(reason));
    }

    /** @return label, a raw part header block the multipart parser cannot read */
    static Stream<Arguments> unreadablePartHeaders() {
        return Stream.of(
                Arguments.of(
                        "a raw LF inside a quoted filename",
                        "Content-Disposition: form-data; name=\"file\"; filename=\"a\nb.txt\""),
                Arguments.of(
                        "a raw CR LF inside a quoted filename",
                        "Content-Disposition: form-data; name=\"file\"; filename=\"a\r\nb.txt\""),
                Arguments.of(
                        "a header line without a colon",
                        "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nnot a header"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadablePartHeaders")
    void partHeadersTheParserCannotReadAreMalformedBodiesNotServerErrors(String label, String headers) {
        String token = UploadApiTest.freshToken();
        byte[] body = ("--BND\r\n" + headers + "\r\n\r\nx\r\n--BND--\r\n").getBytes(StandardCharsets.UTF_8);
        refused(
                List.of(Tokens.subject(token)),
                400,
                "malformed_body",
                () -> postUpload(token, body, "multipart/form-data; boundary=BND"));
    }

    @Test
    void commentPartWithItsNameAfterAnotherParameterIsTheComment() {
        String token = UploadApiTest.freshToken();
        Multipart form = new Multipart()
                .file("commented.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8))
                .partWithDisposition(
                        "form-data; x-note=\"\\\"; name=\\\"decoy\"; name=\"comment\"",
                        null,
                        "the real comment".getBytes(StandardCharsets.UTF_8));
        UploadApiTest.upload(token, form).then().statusCode(201).body("comment", equalTo("the real comment"));
    }

    // ------------------------------------------------------------------------------ fields that must come once

    /** @return label, the two credentials in the order sent (one of them, or both, valid) */
    static Stream<Arguments> twoCredentials() {
        return Stream.of(
                Arguments.of("valid, then forged", (CredentialPair) (own, other) -> List.of(own, forged())),
                Arguments.of("forged, then valid", (CredentialPair) (own, other) -> List.of(forged(), own)),
                Arguments.of("valid twice, the same token", (CredentialPair) (own, other) -> List.of(own, own)),
                Arguments.of("valid, then another user's valid", (CredentialPair) (own, other) -> List.of(own, other)),
                Arguments.of("another user's valid, then valid", (CredentialPair) (own, other) -> List.of(other, own)));
    }

    /** Builds the two {@code Authorization} values of a case from the caller's and another user's token. */
    @FunctionalInterface
    interface CredentialPair {
        List<String> values(String own, String other);
    }

    static String forged() {
        return "Bearer " + Tokens.signWithForeignKey(Tokens.idClaims(Tokens.newSubject()));
    }

    @ParameterizedTest(name = "two Authorization fields: {0}")
    @MethodSource("twoCredentials")
    void twoAuthorizationFieldsAreRefusedWhicheverIsValid(String label, CredentialPair pair) {
        String own = UploadApiTest.freshToken();
        String other = UploadApiTest.freshToken();
        List<String> values = pair.values("Bearer " + own, "Bearer " + other);
        Multipart form = UploadApiTest.simpleForm("two-credentials.txt");
        List<String[]> headers = new ArrayList<>();
        values.forEach(value -> headers.add(new String[] {"Authorization", value}));
        headers.add(new String[] {"Content-Type", form.contentType()});

        Response response = refused(
                List.of(Tokens.subject(own), Tokens.subject(other)),
                401,
                "invalid_token",
                () -> send("POST", "/upload", headers, form.bytes()));
        assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), label);
        response.then().body("detail", containsString("more than one"));
        refused(
                List.of(Tokens.subject(own)),
                401,
                "invalid_token",
                () -> send("GET", "/files", headers.subList(0, 2), null));
    }

    @ParameterizedTest(name = "one Authorization value holding two credentials: {0}")
    @MethodSource("twoCredentials")
    void oneAuthorizationValueHoldingTwoCredentialsIsRefused(String label, CredentialPair pair) {
        String own = UploadApiTest.freshToken();
        String other = UploadApiTest.freshToken();
        String joined = String.join(", ", pair.values("Bearer " + own, "Bearer " + other));
        Multipart form = UploadApiTest.simpleForm("joined-credentials.txt");

        refused(
                List.of(Tokens.subject(own), Tokens.subject(other)),
                401,
                "invalid_token",
                () -> send(
                        "POST",
                        "/upload",
                        List.of(new String[] {"Authorization", joined}, new String[] {"Content-Type", form.contentType()
                        }),
                        form.bytes()));
    }

    /**
     * An event can name a field twice with different case ({@code headers} is a JSON object); API Gateway writes
     * names in lower case, but the function must not depend on it.
     */
    @Test
    void eventWithTheFieldUnderTwoSpellingsIsRefused() {
        String own = UploadApiTest.freshToken();
        Multipart form = UploadApiTest.simpleForm("two-spellings.txt");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + own);
        headers.put("Authorization", forged());
        headers.put("content-type", form.contentType());

        refused(
                List.of(Tokens.subject(own)),
                401,
                "invalid_token",
                () -> ApiTestSupport.sendAsEvent("POST", "/upload", headers, form.bytes()));
    }

    @ParameterizedTest(name = "the second one the same value: {0}")
    @ValueSource(booleans = {false, true})
    void twoContentTypeFieldsAreRefusedEvenWithTheSameValue(boolean sameValue) {
        String token = UploadApiTest.freshToken();
        Multipart form = UploadApiTest.simpleForm("two-types.txt");
        String second = sameValue ? form.contentType() : "text/plain";
        refused(
                        List.of(Tokens.subject(token)),
                        400,
                        "repeated_header",
                        () -> postUpload(token, form.bytes(), form.contentType(), second))
                .then()
                .body("header", equalTo("Content-Type"))
                .body("detail", containsString("Content-Type"));
    }

    @Test
    void contentLengthWithTwoValuesInTheEventIsRefused() {
        // The HTTP server in front (API Gateway, or Netty in the mock event server) refuses two different lengths
        // itself; an event carrying them joined reaches the function only when sent as an event.
        String token = UploadApiTest.freshToken();
        Multipart form = UploadApiTest.simpleForm("two-lengths.txt");
        String length = Integer.toString(form.bytes().length);
        Map<String, String> headers = Map.of(
                "authorization",
                "Bearer " + token,
                "content-type",
                form.contentType(),
                "content-length",
                length + "," + length);
        refused(
                        List.of(Tokens.subject(token)),
                        400,
                        "repeated_header",
                        () -> ApiTestSupport.sendAsEvent("POST", "/upload", headers, form.bytes()))
                .then()
                .body("header", equalTo("Content-Length"));
    }

    @Test
    void oneCredentialAndOneContentTypeAreStillAccepted() {
        // Control for the refusals above: the same request with each field once is stored.
        String token = UploadApiTest.freshToken();
        Multipart form = UploadApiTest.simpleForm("once.txt");
        Response response = postUpload(token, form.bytes(), form.contentType());
        response.then().statusCode(201).body("fileId", notNullValue());
    }

    // ------------------------------------------------------------------------------ helpers

    /** HTTP/1.1, one header line per value, as curl and browsers send them (no HTTP/2 upgrade). */
    static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** POSTs {@code body} to {@code /upload} with the caller's token and one Content-Type field per value given. */
    static Response postUpload(String token, byte[] body, String... contentTypes) {
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Authorization", "Bearer " + token});
        for (String contentType : contentTypes) {
            headers.add(new String[] {"Content-Type", contentType});
        }
        return send("POST", "/upload", headers, body);
    }

    /**
     * Sends one request with the JDK client, which writes every header line given (REST Assured would merge or
     * replace repeated ones), to the mock event server that turns it into an API Gateway event.
     *
     * @param headers name/value pairs, in order; a name may repeat
     */
    static Response send(String method, String path, List<String[]> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder()
                .uri(URI.create("http://localhost:" + RestAssured.port + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(header -> request.header(header[0], header[1]));
        HttpResponse<String> response = JdkHttp.send(CLIENT, request.build(), HttpResponse.BodyHandlers.ofString());
        io.restassured.builder.ResponseBuilder builder = new io.restassured.builder.ResponseBuilder()
                .setStatusCode(response.statusCode())
                .setBody(response.body());
        List<io.restassured.http.Header> list = new ArrayList<>();
        response.headers()
                .map()
                .forEach((name, values) ->
                        values.forEach(value -> list.add(new io.restassured.http.Header(name, value))));
        builder.setHeaders(new io.restassured.http.Headers(list));
        response.headers().firstValue("Content-Type").ifPresent(builder::setContentType);
        return builder.build();
    }

    /**
     * Runs a request that must be refused; checks its problem JSON and that none of the owners' storage changed.
     *
     * @return the response, for further checks
     */
    Response refused(List<String> owners, int status, String code, java.util.function.Supplier<Response> request) {
        List<StorageProbe.Counts> before =
                owners.stream().map(owner -> storage().counts(owner)).toList();
        Response response = request.get();
        response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("about:blank"))
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body("code", equalTo(code));
        assertEquals(
                before,
                owners.stream().map(owner -> storage().counts(owner)).toList(),
                "a refused request must store nothing");
        return response;
    }
}
