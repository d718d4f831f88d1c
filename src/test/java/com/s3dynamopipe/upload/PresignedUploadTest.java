package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The presigned path against the emulators with real presigned URLs: the test PUTs and GETs the bytes to and from
 * S3Proxy itself (java.net.http), as a browser would, and checks what the API recorded, or that it recorded nothing.
 */
@QuarkusTest
class PresignedUploadTest {

    static final long PART = 8L * 1024 * 1024;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    S3Client s3;

    @Inject
    DynamoDbClient dynamo;

    StorageProbe storage() {
        return new StorageProbe(s3, dynamo, Tokens.env("UPLOAD_BUCKET"), Tokens.env("FILES_TABLE"));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static Response start(String token, String name, long size, String contentType, String sha256) {
        Map<String, Object> body = new HashMap<>();
        body.put("fileName", name);
        body.put("sizeBytes", size);
        body.put("contentType", contentType);
        body.put("sha256", sha256);
        body.put("comment", "presigned " + name);
        return UploadApiTest.as(token).contentType("application/json").body(body).post("/uploads");
    }

    static HttpResponse<String> put(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request, handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> headers(JsonPath ticket) {
        return ticket.getMap("headers", String.class, String.class);
    }

    /** PUTs every part of a ticket's file and returns the completion body. */
    static Map<String, Object> putAll(JsonPath ticket, byte[] content) {
        List<Map<String, Object>> done = new ArrayList<>();
        long partSize = ticket.getLong("partSizeBytes");
        for (Map<String, Object> part : ticket.getList("parts", Map.class).stream()
                .map(p -> (Map<String, Object>) p).toList()) {
            int number = (Integer) part.get("partNumber");
            int from = (int) ((number - 1) * partSize);
            int to = (int) Math.min(content.length, from + partSize);
            HttpResponse<String> answer = put((String) part.get("url"), headers(ticket),
                    Arrays.copyOfRange(content, from, to));
            assertEquals(200, answer.statusCode(), answer.body());
            String etag = answer.headers().firstValue("ETag").orElseThrow();
            done.add(Map.of("partNumber", number, "etag", etag));
        }
        return Map.of("parts", done);
    }

    static Response complete(String token, String fileId, Object body) {
        return UploadApiTest.as(token).contentType("application/json").body(body)
                .post("/uploads/" + fileId + "/complete");
    }

    static boolean objectExists(S3Client s3, String key) {
        return s3.listObjectsV2(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).prefix(key)).contents().stream()
                .anyMatch(o -> o.key().equals(key));
    }

    // ------------------------------------------------------------------------------------------ happy paths

    @Test
    void singlePutBecomesAFileOnlyWhenCompletedAndCompletingTwiceIsHarmless() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(5_000_000, 1);
        String sha = UploadApiTest.sha256(content);

        JsonPath ticket = start(token, "clip.mp4", content.length, "video/mp4", sha).then().statusCode(201)
                .body("fileId", matchesPattern(UploadApiTest.UUID_V7))
                .body("mode", equalTo("single"))
                .body("partCount", equalTo(1))
                .body("headers.Content-Type", equalTo("video/mp4"))
                .body("headers.x-amz-checksum-sha256", equalTo(PresignedUploadTestSupport.base64(sha)))
                .body("expiresAt", matchesPattern(UploadApiTest.TIMESTAMP))
                .body("limits.maxBytes", equalTo(5368709120L))
                .body("parts", hasSize(1))
                .extract().jsonPath();
        String fileId = ticket.getString("fileId");
        assertEquals(0, storage().items(owner), "starting an upload writes no item");
        UploadApiTest.as(token).get("/files").then().statusCode(200).body("items", hasSize(0));

        Map<String, Object> parts = putAll(ticket, content);
        assertEquals(0, storage().items(owner), "the PUT alone writes no item");

        complete(token, fileId, Map.of()).then().statusCode(201)
                .header("Location", "/files/" + fileId)
                .body("fileId", equalTo(fileId))
                .body("fileName", equalTo("clip.mp4"))
                .body("sizeBytes", equalTo(content.length))
                .body("contentType", equalTo("video/mp4"))
                .body("sha256", equalTo(sha))
                .body("comment", equalTo("presigned clip.mp4"))
                .body("status", equalTo("UPLOADED"));
        assertArrayEquals(content, storage().object("uploads/" + owner + "/" + fileId));
        assertEquals("UPLOADED", storage().item(owner, fileId).get("status").s());
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(owner),
                "one object, one item: the pending record is gone");

        complete(token, fileId, parts).then().statusCode(200).body("fileId", equalTo(fileId))
                .body("sha256", equalTo(sha));
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(owner));
        UploadApiTest.as(token).get("/files").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void threePartMultipartUploadIsAssembledByteForByte() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes((int) (2 * PART + 12_345), 2);
        String sha = UploadApiTest.sha256(content);

        JsonPath ticket = start(token, "data.bin", content.length, "application/octet-stream", sha).then()
                .statusCode(201)
                .body("mode", equalTo("multipart"))
                .body("partSizeBytes", equalTo((int) PART))
                .body("partCount", equalTo(3))
                .body("parts", hasSize(3))
                .body("parts[2].sizeBytes", equalTo(12_345))
                .extract().jsonPath();
        String fileId = ticket.getString("fileId");

        Map<String, Object> parts = putAll(ticket, content);
        UploadApiTest.as(token).get("/uploads/" + fileId).then().statusCode(200)
                .body("mode", equalTo("multipart"))
                .body("uploadedParts", hasSize(3))
                .body("uploadedParts[0].etag", notNullValue());
        assertEquals(0, storage().items(owner));

        UploadApiTest.as(token).contentType("application/json").body(Map.of("partNumbers", List.of(3)))
                .post("/uploads/" + fileId + "/parts").then().statusCode(200)
                .body("parts", hasSize(1)).body("parts[0].partNumber", equalTo(3));

        complete(token, fileId, parts).then().statusCode(201).body("sizeBytes", equalTo(content.length))
                .body("sha256", equalTo(sha)).body("status", equalTo("UPLOADED"));
        assertArrayEquals(content, storage().object("uploads/" + owner + "/" + fileId));
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(owner));
        complete(token, fileId, parts).then().statusCode(200).body("fileId", equalTo(fileId));
    }

    // ------------------------------------------------------------------------------------------ S3 refusals

    @Test
    void tamperedUrlIsRefusedByS3() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(1000, 3);
        JsonPath ticket = start(token, "a.bin", content.length, "application/octet-stream",
                UploadApiTest.sha256(content)).then().statusCode(201).extract().jsonPath();
        String url = ticket.getString("parts[0].url");
        String otherKey = url.replace(ticket.getString("fileId"), "01900000-0000-7000-8000-000000000000");

        HttpResponse<String> answer = put(otherKey, headers(ticket), content);

        assertEquals(403, answer.statusCode());
        assertThat(answer.body(), "SignatureDoesNotMatch");
        assertFalse(objectExists(s3, "uploads/" + owner + "/01900000-0000-7000-8000-000000000000"));
    }

    @Test
    void wrongContentTypeIsRefusedByS3() {
        String token = UploadApiTest.freshToken();
        byte[] content = randomBytes(1000, 4);
        JsonPath ticket = start(token, "page.txt", content.length, "text/plain", UploadApiTest.sha256(content))
                .then().statusCode(201).extract().jsonPath();
        Map<String, String> headers = new HashMap<>(headers(ticket));
        headers.put("Content-Type", "text/html");

        HttpResponse<String> answer = put(ticket.getString("parts[0].url"), headers, content);

        assertEquals(403, answer.statusCode());
        assertThat(answer.body(), "SignatureDoesNotMatch");
        complete(token, ticket.getString("fileId"), Map.of()).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("upload_incomplete"));
    }

    @Test
    void bytesOtherThanPromisedAreRefusedByS3() {
        String token = UploadApiTest.freshToken();
        byte[] content = randomBytes(1000, 5);
        JsonPath ticket = start(token, "x.bin", content.length, "application/octet-stream",
                UploadApiTest.sha256(content)).then().statusCode(201).extract().jsonPath();
        byte[] other = content.clone();
        other[0] ^= 1;

        HttpResponse<String> answer = put(ticket.getString("parts[0].url"), headers(ticket), other);

        assertEquals(400, answer.statusCode());
        assertThat(answer.body(), "BadDigest");
    }

    // ------------------------------------------------------------------------------------------ API refusals

    @Test
    void sizeMismatchAtCompleteRemovesTheObjectAndRecordsNothing() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(1000, 6);
        JsonPath ticket = start(token, "short.bin", content.length, "application/octet-stream",
                UploadApiTest.sha256(content)).then().statusCode(201).extract().jsonPath();
        String fileId = ticket.getString("fileId");
        String key = "pending/" + owner + "/" + fileId;
        // The signed Content-Length keeps a presigned PUT from storing another size; a rogue writer is simulated.
        s3.putObject(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).key(key), RequestBody.fromBytes(new byte[999]));

        complete(token, fileId, Map.of()).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("size_mismatch"))
                .body("title", equalTo("Unprocessable Content"))
                .body("expectedBytes", equalTo(1000))
                .body("actualBytes", equalTo(999));

        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner),
                "object and pending record removed, no item");
        complete(token, fileId, Map.of()).then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void completingWithoutEveryPartIsRefusedAndTheUploadStaysOpen() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes((int) (PART + 10), 7);
        JsonPath ticket = start(token, "two.bin", content.length, "application/octet-stream",
                UploadApiTest.sha256(content)).then().statusCode(201).extract().jsonPath();
        String fileId = ticket.getString("fileId");
        Map<String, Object> parts = putAll(ticket, content);
        List<?> all = (List<?>) parts.get("parts");

        complete(token, fileId, Map.of("parts", all.subList(0, 1))).then().statusCode(400)
                .body("code", equalTo("invalid_parts"));
        complete(token, fileId, Map.of("parts", List.of(Map.of("partNumber", 1, "etag", "\"0000\""), all.get(1))))
                .then().statusCode(409).body("code", equalTo("parts_mismatch"));
        assertEquals(0, storage().items(owner));

        complete(token, fileId, parts).then().statusCode(201);
        assertArrayEquals(content, storage().object("uploads/" + owner + "/" + fileId));
    }

    @Test
    void anotherUsersUploadAndFileAreNotFound() {
        String alice = UploadApiTest.freshToken();
        String bob = UploadApiTest.freshToken();
        byte[] content = randomBytes((int) PART + 1, 8);
        JsonPath ticket = start(alice, "mine.bin", content.length, "application/octet-stream",
                UploadApiTest.sha256(content)).then().statusCode(201).extract().jsonPath();
        String fileId = ticket.getString("fileId");
        Map<String, Object> parts = putAll(ticket, content);

        UploadApiTest.as(bob).get("/uploads/" + fileId).then().statusCode(404).body("code", equalTo("not_found"));
        UploadApiTest.as(bob).contentType("application/json").body(Map.of("partNumbers", List.of(1)))
                .post("/uploads/" + fileId + "/parts").then().statusCode(404);
        complete(bob, fileId, parts).then().statusCode(404).body("code", equalTo("not_found"));
        UploadApiTest.as(bob).delete("/uploads/" + fileId).then().statusCode(404);

        complete(alice, fileId, parts).then().statusCode(201);
        UploadApiTest.as(bob).get("/files/" + fileId + "/download").then().statusCode(404)
                .body("code", equalTo("not_found"));
        UploadApiTest.as(bob).delete("/files/" + fileId).then().statusCode(404);
        UploadApiTest.as(alice).get("/files/" + fileId).then().statusCode(200);
        assertEquals(0, storage().counts(Tokens.subject(bob)).items());
    }

    @Test
    void abortEndsTheMultipartUpload() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes((int) PART + 1, 9);
        JsonPath ticket = start(token, "gone.bin", content.length, "application/octet-stream",
                UploadApiTest.sha256(content)).then().statusCode(201).extract().jsonPath();
        String fileId = ticket.getString("fileId");
        String key = "uploads/" + owner + "/" + fileId;
        HttpResponse<String> first = put(ticket.getString("parts[0].url"), headers(ticket),
                Arrays.copyOfRange(content, 0, (int) PART));
        assertEquals(200, first.statusCode());
        assertTrue(s3.listMultipartUploads(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).prefix(key)).uploads().stream()
                .anyMatch(u -> u.key().equals(key)));

        UploadApiTest.as(token).delete("/uploads/" + fileId).then().statusCode(204);

        assertFalse(s3.listMultipartUploads(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).prefix(key)).uploads()
                .stream().anyMatch(u -> u.key().equals(key)), "S3 no longer holds the multipart upload");
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
        UploadApiTest.as(token).get("/uploads/" + fileId).then().statusCode(404);
        complete(token, fileId, Map.of("parts", List.of())).then().statusCode(404);
        UploadApiTest.as(token).delete("/uploads/" + fileId).then().statusCode(404);
    }

    @Test
    void announcementsBreakingTheRulesAreRefusedAndStartNothing() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        String sha = UploadApiTest.sha256(new byte[] {1});
        start(token, "a.bin", 1, null, "ABC").then().statusCode(400).body("code", equalTo("invalid_sha256"));
        start(token, "a.bin", 1, null, sha.toUpperCase()).then().statusCode(400)
                .body("code", equalTo("invalid_sha256"));
        start(token, "a.bin", 0, null, sha).then().statusCode(400).body("code", equalTo("empty_file"));
        start(token, "a.bin", 5368709121L, null, sha).then().statusCode(413).body("code", equalTo("file_too_large"))
                .body("limitBytes", equalTo(5368709120L));
        start(token, "../a", 1, null, sha).then().statusCode(400).body("code", equalTo("invalid_file_name"));
        start(token, "a.bin", 1, "not a type", sha).then().statusCode(400)
                .body("code", equalTo("invalid_content_type"));
        UploadApiTest.as(token).contentType("application/json").body("{\"fileName\":").post("/uploads").then()
                .statusCode(400).body("code", equalTo("malformed_body"));
        UploadApiTest.as(null).contentType("application/json").body(Map.of()).post("/uploads").then()
                .statusCode(401).body("code", equalTo("missing_token"));
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
    }

    // ------------------------------------------------------------------------------------------ download, delete

    @Test
    void downloadOfANonAsciiNameIsByteIdenticalWithRfc6266Disposition() {
        String token = UploadApiTest.freshToken();
        byte[] content = UploadApiTest.allByteValues(8);
        String name = "Résumé «final» 文件 ✓.bin";
        JsonPath ticket = start(token, name, content.length, "application/octet-stream",
                UploadApiTest.sha256(content)).then().statusCode(201).extract().jsonPath();
        String fileId = ticket.getString("fileId");
        putAll(ticket, content);
        complete(token, fileId, Map.of()).then().statusCode(201).body("fileName", equalTo(name));
        String expected = "attachment; filename=\"R_sum_ _final_ __ _.bin\"; "
                + "filename*=UTF-8''R%C3%A9sum%C3%A9%20%C2%ABfinal%C2%BB%20%E6%96%87%E4%BB%B6%20%E2%9C%93.bin";

        JsonPath link = UploadApiTest.as(token).get("/files/" + fileId + "/download").then().statusCode(200)
                .body("fileName", equalTo(name))
                .body("contentDisposition", equalTo(expected))
                .body("expiresAt", matchesPattern(UploadApiTest.TIMESTAMP))
                .extract().jsonPath();
        HttpResponse<byte[]> download = send(HttpRequest.newBuilder(URI.create(link.getString("url"))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, download.statusCode());
        assertArrayEquals(content, download.body());
        assertEquals(expected, download.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("application/octet-stream", download.headers().firstValue("Content-Type").orElseThrow());

        String tampered = link.getString("url").replace("attachment", "inline");
        assertNotEquals(200, send(HttpRequest.newBuilder(URI.create(tampered)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void deleteRemovesObjectAndItem() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        String fileId = UploadApiTest.upload(token, UploadApiTest.simpleForm("small.txt")).then().statusCode(201)
                .extract().path("fileId");
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(owner));

        UploadApiTest.as(token).delete("/files/" + fileId).then().statusCode(204);

        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
        UploadApiTest.as(token).get("/files/" + fileId).then().statusCode(404);
        UploadApiTest.as(token).delete("/files/" + fileId).then().statusCode(404).body("code", equalTo("not_found"));
        UploadApiTest.as(token).get("/files/not-a-uuid/download").then().statusCode(404);
    }

    // ------------------------------------------------------------------------------------- deadlines (issue 12)

    /** Starts an upload of {@code content} (binary, its real SHA-256) and returns the ticket. */
    static JsonPath ticket(String token, String name, byte[] content) {
        return start(token, name, content.length, "application/octet-stream", UploadApiTest.sha256(content)).then()
                .statusCode(201).extract().jsonPath();
    }


    /** The key of an upload's pending record, wherever it is kept (found by listing the owner's keys). */
    String recordKey(String owner, String fileId) {
        for (String prefix : List.of("pending/", "uploads/")) {
            String key = prefix + owner + "/" + fileId + ".upload.json";
            if (objectExists(s3, key)) {
                return key;
            }
        }
        throw new AssertionError("no pending record of " + fileId);
    }

    /** Moves an upload's deadline, as time passing would: rewrites {@code expiresAt} in its record in S3. */
    void setDeadline(String owner, String fileId, Instant deadline) {
        String key = recordKey(owner, fileId);
        try {
            ObjectNode record = (ObjectNode) MAPPER.readTree(storage().object(key));
            record.put("expiresAt", deadline.toString());
            s3.putObject(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).key(key).contentType("application/json"),
                    RequestBody.fromBytes(MAPPER.writeValueAsBytes(record)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static long signedLifetimeSeconds(String url) {
        Matcher expires = Pattern.compile("[?&]X-Amz-Expires=(\\d+)").matcher(url);
        assertTrue(expires.find(), url);
        return Long.parseLong(expires.group(1));
    }

    @Test
    void everyUploadHasADeadlineThatNoUrlOutlives() {
        String token = UploadApiTest.freshToken();
        byte[] content = randomBytes(100, 20);
        Instant before = Instant.now();
        JsonPath ticket = start(token, "soon.bin", content.length, "application/octet-stream",
                UploadApiTest.sha256(content)).then().statusCode(201)
                .body("deadline", matchesPattern(UploadApiTest.TIMESTAMP)).extract().jsonPath();
        Instant deadline = Instant.parse(ticket.getString("deadline"));
        assertFalse(deadline.isBefore(before.plus(Duration.ofHours(24))), "the default deadline is 24 h");
        assertFalse(Instant.parse(ticket.getString("expiresAt")).isAfter(deadline));
        UploadApiTest.as(token).get("/uploads/" + ticket.getString("fileId")).then().statusCode(200)
                .body("deadline", equalTo(ticket.getString("deadline")));
    }

    @Test
    void renewedPartUrlsNeverOutliveTheDeadlineAndEndWithIt() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes((int) PART + 1, 21);
        JsonPath ticket = ticket(token, "late.bin", content);
        String fileId = ticket.getString("fileId");
        String key = "uploads/" + owner + "/" + fileId;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        setDeadline(owner, fileId, deadline);

        JsonPath renewed = UploadApiTest.as(token).contentType("application/json")
                .body(Map.of("partNumbers", List.of(1, 2))).post("/uploads/" + fileId + "/parts").then()
                .statusCode(200).extract().jsonPath();
        assertFalse(Instant.parse(renewed.getString("expiresAt")).isAfter(deadline), renewed.prettify());
        for (Object url : renewed.getList("parts.url")) {
            long lifetime = signedLifetimeSeconds((String) url);
            assertTrue(lifetime <= 600, "a renewed URL lives " + lifetime + " s, past the deadline 600 s away");
        }

        setDeadline(owner, fileId, Instant.now().minusSeconds(1));
        UploadApiTest.as(token).contentType("application/json").body(Map.of("partNumbers", List.of(1)))
                .post("/uploads/" + fileId + "/parts").then().statusCode(410)
                .contentType("application/problem+json").body("code", equalTo("upload_expired"))
                .body("title", equalTo("Gone")).body("detail", notNullValue()).body("deadline", notNullValue());
        UploadApiTest.as(token).get("/uploads/" + fileId).then().statusCode(410)
                .body("code", equalTo("upload_expired"));
        complete(token, fileId, Map.of("parts", List.of(Map.of("partNumber", 1, "etag", "\"x\""),
                Map.of("partNumber", 2, "etag", "\"y\"")))).then().statusCode(410)
                .body("code", equalTo("upload_expired"));
        assertEquals(0, storage().items(owner));

        UploadApiTest.as(token).delete("/uploads/" + fileId).then().statusCode(204);
        assertFalse(s3.listMultipartUploads(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).prefix(key)).uploads()
                .stream().anyMatch(u -> u.key().equals(key)), "an expired upload can still be aborted");
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
    }

    @Test
    void aSinglePutPastItsDeadlineCannotBeCompleted() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(2000, 22);
        JsonPath ticket = ticket(token, "expired.bin", content);
        String fileId = ticket.getString("fileId");
        putAll(ticket, content);
        setDeadline(owner, fileId, Instant.now().minusSeconds(1));

        complete(token, fileId, Map.of()).then().statusCode(410).contentType("application/problem+json")
                .body("code", equalTo("upload_expired"));

        assertEquals(0, storage().items(owner), "no item past the deadline");
        assertFalse(objectExists(s3, "uploads/" + owner + "/" + fileId), "no file object past the deadline");
        UploadApiTest.as(token).get("/files/" + fileId).then().statusCode(404);
    }

    @Test
    void contentEncodingAddedToAPresignedPutIsRefusedAtComplete() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(3000, 23);
        JsonPath ticket = ticket(token, "packed.bin", content);
        String fileId = ticket.getString("fileId");
        Map<String, String> headers = new HashMap<>(headers(ticket));
        headers.put("Content-Encoding", "gzip"); // not signed: S3 stores it, and browsers would unpack downloads
        HttpResponse<String> answer = put(ticket.getString("parts[0].url"), headers, content);
        assertEquals(200, answer.statusCode(), answer.body());

        complete(token, fileId, Map.of()).then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("content_encoding_not_allowed")).body("detail", notNullValue());

        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner), "object and record removed, no item");
    }

    @Test
    void deletingAFileAlsoRemovesWhatItsUploadLeftBehind() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(1500, 24);
        JsonPath ticket = ticket(token, "left.bin", content);
        String fileId = ticket.getString("fileId");
        putAll(ticket, content);
        // The record as it was before complete: what a failed clean-up after complete leaves behind.
        String record = recordKey(owner, fileId);
        byte[] recordJson = storage().object(record);
        complete(token, fileId, Map.of()).then().statusCode(201);
        s3.putObject(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).key(record).contentType("application/json"),
                RequestBody.fromBytes(recordJson));
        assertEquals(new StorageProbe.Counts(2, 1), storage().counts(owner));

        UploadApiTest.as(token).delete("/files/" + fileId).then().statusCode(204);

        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner),
                "the object, the left-over record with the file name and comment, and the item are gone");
    }

    @Test
    void preflightAllowsDelete() {
        Response preflight = UploadApiTest.as(null).header("Origin", UploadApiTest.allowedOrigin())
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/files/01900000-0000-7000-8000-000000000000");
        preflight.then().statusCode(200);
        assertTrue(UploadApiTest.headerValues(preflight, "Access-Control-Allow-Methods").contains("delete"));
    }

    static void assertThat(String body, String expected) {
        assertTrue(body.contains(expected), "expected " + expected + " in " + body);
    }
}
