package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /upload}, the direct path: what is stored for an accepted form, and every form rule's refusal (which
 * stores nothing).
 */
@QuarkusTest
class UploadApiTest extends ApiTestSupport {

    // ------------------------------------------------------------------------------------------ happy path

    @Test
    void uploadStoresExactBytesMetadataAndChecksum() {
        String token = Tokens.idToken(0);
        String owner = Tokens.subject(token);
        byte[] content = allByteValues(4);
        StorageProbe.Counts before = storage().counts(owner);

        Response response = upload(
                token,
                new Multipart()
                        .file("all-bytes.bin", "application/octet-stream", content)
                        .comment("first upload"));

        response.then()
                .statusCode(201)
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
        assertEquals(
                new StorageProbe.Counts(before.objects() + 1, before.items() + 1),
                storage().counts(owner));

        as(token)
                .get("/files/" + fileId)
                .then()
                .statusCode(200)
                .body("fileId", equalTo(fileId))
                .body("sha256", equalTo(sha256(content)))
                .body("comment", equalTo("first upload"));
    }

    @Test
    void accessTokenIsAcceptedForTheSameOwner() {
        String access = Tokens.accessToken(0);
        String id = Tokens.idToken(0);
        assertEquals(Tokens.subject(id), Tokens.subject(access));

        String fileId = storedFileId(access, simpleForm("via-access-token.txt"));

        as(id).get("/files/" + fileId).then().statusCode(200).body("fileName", equalTo("via-access-token.txt"));
    }

    @Test
    void missingContentTypeIsStoredAsOctetStreamAndEmptyCommentIsOmitted() {
        String token = Tokens.idToken(0);
        Response response = upload(
                token,
                new Multipart().file("no-type", null, new byte[] {1, 2, 3}).comment(""));

        response.then().statusCode(201).body("contentType", equalTo("application/octet-stream"));
        assertFalse(response.jsonPath().getMap("").containsKey("comment"));
        Map<String, AttributeValue> item = storage().item(Tokens.subject(token), response.path("fileId"));
        assertFalse(item.containsKey("comment"), "an empty comment is not stored");
    }

    // ------------------------------------------------------------------------------------------ form rules

    @Test
    void emptyFileIsRefused() {
        refusedForFreshUser(
                400,
                "empty_file",
                token -> upload(token, new Multipart().file("empty.txt", "text/plain", new byte[0])));
    }

    @Test
    void fileOfExactlyTheCapIsAccepted() {
        String token = freshToken();
        byte[] content = new byte[(int) CAP];
        content[content.length - 1] = 42;
        upload(token, new Multipart().file("cap.bin", "application/octet-stream", content))
                .then()
                .statusCode(201)
                .body("sizeBytes", equalTo((int) CAP))
                .body("sha256", equalTo(sha256(content)));
    }

    @Test
    void fileOneByteAboveTheCapIsRefused() {
        Response response = refusedForFreshUser(
                413,
                "file_too_large",
                token -> upload(
                        token,
                        new Multipart().file("cap-plus-one.bin", "application/octet-stream", new byte[(int) CAP + 1])));
        response.then().body("limitBytes", equalTo((int) CAP)).body("title", equalTo("Payload Too Large"));
    }

    @Test
    void bodyAboveTheHttpLimitIsRefusedAsFileTooLarge() {
        // API Gateway (10 MB) and the local HTTP translation (10 MiB) stop such bodies before the function; the
        // function's own check is reached here with a raw event whose declared length is above the limit.
        String token = freshToken();
        Multipart form = simpleForm("declared-huge.bin");
        Map<String, String> headers = Map.of(
                "content-type",
                form.contentType(),
                "content-length",
                Long.toString(20L * 1024 * 1024),
                "authorization",
                "Bearer " + token,
                "origin",
                allowedOrigin());
        Response response = refused(
                Tokens.subject(token),
                413,
                "file_too_large",
                () -> sendAsEvent("POST", "/upload", headers, form.bytes()));
        response.then().body("limitBytes", equalTo((int) CAP));
        assertEquals(
                allowedOrigin(),
                response.header("Access-Control-Allow-Origin"),
                "CORS headers come first, so a browser sees the problem");
    }

    @Test
    void formWithoutFilePartIsRefused() {
        refusedForFreshUser(
                400, "missing_file", token -> upload(token, new Multipart().comment("a comment without a file")));
    }

    @Test
    void formWithTwoFilePartsIsRefused() {
        refusedForFreshUser(
                400,
                "too_many_files",
                token -> upload(
                        token,
                        simpleForm("one.txt")
                                .file("two.txt", "text/plain", "second".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void filePartWithoutFileNameIsRefused() {
        refusedForFreshUser(
                400,
                "invalid_file_name",
                token -> upload(token, new Multipart().file(null, null, "text".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void veryLongCommentIsRefusedAsTooLongNotAsTooLarge() {
        refusedForFreshUser(
                400,
                "comment_too_long",
                token -> upload(token, simpleForm("commented.txt").comment("😀".repeat(50_000))));
    }

    @Test
    void repeatedCommentIsRefused() {
        refusedForFreshUser(
                400,
                "malformed_body",
                token ->
                        upload(token, simpleForm("commented.txt").comment("one").comment("two")));
    }

    @Test
    void multipartWithoutBoundaryIsMalformed() {
        refusedForFreshUser(
                400,
                "malformed_body",
                token -> as(token)
                        .contentType("multipart/form-data")
                        .body(simpleForm("no-boundary.txt").bytes())
                        .post("/upload"));
    }

    @Test
    void bodyWithoutContentTypeIsUnsupported() {
        refusedForFreshUser(
                415,
                "unsupported_media_type",
                token -> as(token).body(new byte[] {1, 2, 3}).post("/upload"));
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
                ? HttpRequest.BodyPublishers.ofByteArray(
                        simpleForm("no-content-type.txt").bytes())
                : HttpRequest.BodyPublishers.noBody();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder()
                                .uri(URI.create("http://localhost:" + RestAssured.port + "/upload"))
                                .header("Authorization", "Bearer " + token)
                                .POST(body)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(415, response.statusCode(), response.body());
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().contains("\"code\":\"unsupported_media_type\""), response.body());
        assertEquals(before, storage().counts(Tokens.subject(token)), "a refused request must store nothing");
    }

    @Test
    void mediaTypeNamesAreCaseInsensitive() {
        Multipart form = simpleForm("case.txt");
        as(freshToken())
                .contentType(form.contentType().replace("multipart/form-data", "Multipart/Form-Data"))
                .body(form.bytes())
                .post("/upload")
                .then()
                .statusCode(201)
                .body("fileName", equalTo("case.txt"));
    }

    @Test
    void rfc8187FileNameKeepsPlusSigns() {
        Multipart form = new Multipart()
                .partWithDisposition(
                        "form-data; name=\"file\"; filename*=utf-8''a+b%20%2B%20c.txt",
                        "text/plain", "plus".getBytes(StandardCharsets.US_ASCII));
        upload(freshToken(), form).then().statusCode(201).body("fileName", equalTo("a+b + c.txt"));
    }

    @Test
    void extendedFileNameWinsOverThePlainOne() {
        Multipart form = new Multipart()
                .partWithDisposition(
                        "form-data; name=\"file\"; filename=\"resume; filename*=x.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
                        "text/plain", "both".getBytes(StandardCharsets.US_ASCII));
        upload(freshToken(), form).then().statusCode(201).body("fileName", equalTo("résumé.txt"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "UTF-8'r%C3%A9sum%C3%A9.txt",
                "KOI8-R''name.txt",
                "UTF-8''bad%2",
                "UTF-8''bad%ZZ.txt",
                "UTF-8''%C3%28.txt"
            })
    void malformedExtendedFileNameIsRefused(String value) {
        refusedForFreshUser(
                400,
                "invalid_file_name",
                token -> upload(
                        token,
                        new Multipart()
                                .partWithDisposition(
                                        "form-data; name=\"file\"; filename=\"fallback.txt\"; filename*=" + value,
                                        "text/plain",
                                        "x".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void rfc5987FileNameIsDecoded() {
        Multipart form = new Multipart()
                .partWithDisposition(
                        "form-data; name=\"file\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%F0%9F%98%80.pdf",
                        "application/pdf", "%PDF".getBytes(StandardCharsets.US_ASCII));
        upload(freshToken(), form).then().statusCode(201).body("fileName", equalTo("Résumé 😀.pdf"));
    }

    @Test
    void commentOfExactlyOneThousandCharactersIsAccepted() {
        String comment = "😀".repeat(500) + "é".repeat(500);
        upload(freshToken(), simpleForm("commented.txt").comment(comment))
                .then()
                .statusCode(201)
                .body("comment", equalTo(comment));
    }

    @Test
    void commentWithLineBreaksAndTabsIsAccepted() {
        String comment = "line one\r\nline two\n\tindented";
        upload(freshToken(), simpleForm("multiline.txt").comment(comment))
                .then()
                .statusCode(201)
                .body("comment", equalTo(comment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nul \u0000 inside", "escape \u001b[31m red", "delete \u007f", "c1 \u0085 next line"})
    void commentWithControlCharactersIsRefused(String comment) {
        refusedForFreshUser(
                400,
                "invalid_comment",
                token -> upload(token, simpleForm("control.txt").comment(comment)));
    }

    @Test
    void commentOfOneThousandAndOneCharactersIsRefused() {
        refusedForFreshUser(
                        400,
                        "comment_too_long",
                        token -> upload(token, simpleForm("commented.txt").comment("😀".repeat(1001))))
                .then()
                .body("limitCharacters", equalTo(1000));
    }

    @Test
    void nonMultipartBodyIsUnsupportedMediaType() {
        refusedForFreshUser(
                415,
                "unsupported_media_type",
                token -> as(token)
                        .contentType("application/json")
                        .body("{\"file\":\"aGVsbG8=\",\"fileName\":\"a.txt\"}")
                        .post("/upload"));
    }

    @Test
    void truncatedMultipartBodyIsMalformed() {
        String token = freshToken();
        Multipart form = simpleForm("truncated.txt");
        byte[] whole = form.bytes();
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 20);
        refused(
                Tokens.subject(token),
                400,
                "malformed_body",
                () -> as(token).contentType(form.contentType()).body(truncated).post("/upload"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                "../../etc/passwd",
                "dir/name.txt",
                "tab\tname.txt",
                "nul\u0000name.txt",
                "del\u007Fname.txt",
                "c1\u0085name.txt",
                "rtl\u202Etxt.exe",
                "isolate\u2066name.txt"
            })
    void invalidFileNamesAreRefused(String name) {
        refusedForFreshUser(400, "invalid_file_name", token -> upload(token, simpleForm(name)));
    }

    @Test
    void fileNameLongerThan255CharactersIsRefused() {
        refusedForFreshUser(400, "invalid_file_name", token -> upload(token, simpleForm("a".repeat(300))));
        refusedForFreshUser(400, "invalid_file_name", token -> upload(token, simpleForm("😀".repeat(256))));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<img src=x onerror=alert(1)>.html",
                "Résumé 履歴書 çà.pdf",
                "😀 party 🎉.png",
                "a+b & c%20d #1?.txt",
                "it's (final) [v2] {x} ~!@$^=;,.txt",
                "  leading and trailing spaces  ",
                ".hidden",
                "a..b.txt",
                "back\\slash.txt",
                "C:\\Users\\me\\x.txt"
            })
    void printableFileNamesAreAcceptedAndReturnedAsSent(String name) {
        String token = freshToken();
        Response response = upload(token, simpleForm(name));
        response.then().statusCode(201).body("fileName", equalTo(name));
        assertEquals(
                name,
                storage()
                        .item(Tokens.subject(token), response.path("fileId"))
                        .get("fileName")
                        .s());
    }

    @Test
    void fileNameOfExactly255CharactersIsAccepted() {
        String name = "😀".repeat(255);
        upload(freshToken(), simpleForm(name)).then().statusCode(201).body("fileName", equalTo(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a type", "text", "text/", "/plain", "text/plain; charset", "a/b\u00e9"})
    void invalidContentTypesAreRefused(String contentType) {
        refusedForFreshUser(
                400,
                "invalid_content_type",
                token -> upload(
                        token, new Multipart().file("typed.txt", contentType, "x".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void contentTypeWithParametersIsKeptAsSent() {
        upload(
                        freshToken(),
                        new Multipart()
                                .file(
                                        "page.html",
                                        "text/html; charset=UTF-8",
                                        "<p>x</p>".getBytes(StandardCharsets.UTF_8)))
                .then()
                .statusCode(201)
                .body("contentType", equalTo("text/html; charset=UTF-8"));
    }
}
