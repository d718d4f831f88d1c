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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;

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
        return start(token, name, size, contentType, sha256, null);
    }

    static Response start(
            String token,
            String name,
            long size,
            String contentType,
            String sha256,
            List<Map<String, Object>> partChecksums) {
        Map<String, Object> body = new HashMap<>();
        body.put("fileName", name);
        body.put("sizeBytes", size);
        body.put("contentType", contentType);
        body.put("sha256", sha256);
        body.put("comment", "presigned " + name);
        if (partChecksums != null) {
            body.put("partChecksums", partChecksums);
        }
        return UploadApiTest.as(token)
                .contentType("application/json")
                .body(body)
                .post("/uploads");
    }

    /** Starts an upload of {@code content} as the page does: its SHA-256 and, above 8 MiB, every part's. */
    static Response start(String token, String name, byte[] content, String contentType) {
        return start(
                token,
                name,
                content.length,
                contentType,
                UploadApiTest.sha256(content),
                content.length > PART ? partChecksums(content, PART) : null);
    }

    /** @return the {@code partChecksums} of {@code content} cut into parts of {@code partSize} bytes */
    static List<Map<String, Object>> partChecksums(byte[] content, long partSize) {
        List<Map<String, Object>> checksums = new ArrayList<>();
        for (int from = 0, n = 1; from < content.length; from += (int) partSize, n++) {
            byte[] part = Arrays.copyOfRange(content, from, (int) Math.min(content.length, from + partSize));
            checksums.add(Map.of("partNumber", n, "sha256", UploadApiTest.sha256(part)));
        }
        return checksums;
    }

    static HttpResponse<String> put(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
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

    /** @return what the PUT of one part sends: the ticket's common headers and the part's own */
    static Map<String, String> headers(JsonPath ticket, int partNumber) {
        Map<String, String> headers = new HashMap<>(headers(ticket));
        headers.putAll(ticket.getMap(
                "parts.find { it.partNumber == " + partNumber + " }.headers", String.class, String.class));
        return headers;
    }

    /** PUTs every part of a ticket's file and returns the completion body. */
    static Map<String, Object> putAll(JsonPath ticket, byte[] content) {
        List<Map<String, Object>> done = new ArrayList<>();
        long partSize = ticket.getLong("partSizeBytes");
        for (Map<String, Object> part : ticket.getList("parts", Map.class).stream()
                .map(p -> (Map<String, Object>) p)
                .toList()) {
            int number = (Integer) part.get("partNumber");
            int from = (int) ((number - 1) * partSize);
            int to = (int) Math.min(content.length, from + partSize);
            HttpResponse<String> answer =
                    put((String) part.get("url"), headers(ticket, number), Arrays.copyOfRange(content, from, to));
            assertEquals(200, answer.statusCode(), answer.body());
            String etag = answer.headers().firstValue("ETag").orElseThrow();
            done.add(Map.of("partNumber", number, "etag", etag));
        }
        return Map.of("parts", done);
    }

    static Response complete(String token, String fileId, Object body) {
        return UploadApiTest.as(token)
                .contentType("application/json")
                .body(body)
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

        JsonPath ticket = start(token, "clip.mp4", content, "video/mp4")
                .then()
                .statusCode(201)
                .body("fileId", matchesPattern(UploadApiTest.UUID_V7))
                .body("mode", equalTo("single"))
                .body("partCount", equalTo(1))
                .body("headers.Content-Type", equalTo("video/mp4"))
                .body("headers.x-amz-checksum-sha256", equalTo(PresignedUploadTestSupport.base64(sha)))
                .body("expiresAt", matchesPattern(UploadApiTest.TIMESTAMP))
                .body("limits.maxBytes", equalTo(5368709120L))
                .body("parts", hasSize(1))
                .extract()
                .jsonPath();
        String fileId = ticket.getString("fileId");
        assertEquals(0, storage().items(owner), "starting an upload writes no item");
        UploadApiTest.as(token).get("/files").then().statusCode(200).body("items", hasSize(0));

        Map<String, Object> parts = putAll(ticket, content);
        assertEquals(0, storage().items(owner), "the PUT alone writes no item");

        complete(token, fileId, Map.of())
                .then()
                .statusCode(201)
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
        assertEquals(
                new StorageProbe.Counts(1, 1),
                storage().counts(owner),
                "one object, one item: the pending record is gone");

        complete(token, fileId, parts)
                .then()
                .statusCode(200)
                .body("fileId", equalTo(fileId))
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

        JsonPath ticket = start(token, "data.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .body("mode", equalTo("multipart"))
                .body("partSizeBytes", equalTo((int) PART))
                .body("partCount", equalTo(3))
                .body("parts", hasSize(3))
                .body("parts[2].sizeBytes", equalTo(12_345))
                .extract()
                .jsonPath();
        String fileId = ticket.getString("fileId");

        Map<String, Object> parts = putAll(ticket, content);
        UploadApiTest.as(token)
                .get("/uploads/" + fileId)
                .then()
                .statusCode(200)
                .body("mode", equalTo("multipart"))
                .body("uploadedParts", hasSize(3))
                .body("uploadedParts[0].etag", notNullValue());
        assertEquals(0, storage().items(owner));

        UploadApiTest.as(token)
                .contentType("application/json")
                .body(Map.of("partNumbers", List.of(3)))
                .post("/uploads/" + fileId + "/parts")
                .then()
                .statusCode(200)
                .body("parts", hasSize(1))
                .body("parts[0].partNumber", equalTo(3));

        complete(token, fileId, parts)
                .then()
                .statusCode(201)
                .body("sizeBytes", equalTo(content.length))
                .body("sha256", equalTo(sha))
                .body("status", equalTo("UPLOADED"));
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
        JsonPath ticket = start(token, "a.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
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
        JsonPath ticket = start(token, "page.txt", content, "text/plain")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        Map<String, String> headers = new HashMap<>(headers(ticket));
        headers.put("Content-Type", "text/html");

        HttpResponse<String> answer = put(ticket.getString("parts[0].url"), headers, content);

        assertEquals(403, answer.statusCode());
        assertThat(answer.body(), "SignatureDoesNotMatch");
        complete(token, ticket.getString("fileId"), Map.of())
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("upload_incomplete"));
    }

    @Test
    void bytesOtherThanPromisedAreRefusedByS3() {
        String token = UploadApiTest.freshToken();
        byte[] content = randomBytes(1000, 5);
        JsonPath ticket = start(token, "x.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        byte[] other = content.clone();
        other[0] ^= 1;

        HttpResponse<String> answer = put(ticket.getString("parts[0].url"), headers(ticket), other);

        assertEquals(400, answer.statusCode());
        assertThat(answer.body(), "BadDigest");
    }

    @Test
    void partBytesOtherThanAnnouncedAreRefusedByS3() {
        String token = UploadApiTest.freshToken();
        byte[] content = randomBytes((int) PART + 100, 10);
        JsonPath ticket = start(token, "parts.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertEquals(
                PresignedUploadTestSupport.base64(UploadApiTest.sha256(Arrays.copyOfRange(content, 0, (int) PART))),
                headers(ticket, 1).get("x-amz-checksum-sha256"),
                "each part URL signs its part's SHA-256");
        // Part 2 (100 bytes) shows what S3 does with a part: a refusal of 8 MiB may close the connection mid-body.
        byte[] last = Arrays.copyOfRange(content, (int) PART, content.length);
        byte[] other = last.clone();
        other[42] ^= 1;
        Map<String, String> headers = headers(ticket, 2);
        assertEquals(
                PresignedUploadTestSupport.base64(UploadApiTest.sha256(last)), headers.get("x-amz-checksum-sha256"));

        HttpResponse<String> refused = put(ticket.getString("parts[1].url"), headers, other);
        assertEquals(400, refused.statusCode(), refused.body());
        assertThat(refused.body(), "BadDigest");

        Map<String, String> withoutChecksum = new HashMap<>(headers);
        withoutChecksum.remove("x-amz-checksum-sha256");
        assertEquals(
                403,
                put(ticket.getString("parts[1].url"), withoutChecksum, last).statusCode(),
                "the checksum header is signed: leaving it out breaks the signature");
        assertEquals(200, put(ticket.getString("parts[1].url"), headers, last).statusCode());
    }

    @Test
    void multipartChecksumsAreVerifiedAndTheItemKeepsTheAnnouncedSha256() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes((int) PART + 7, 11);
        JsonPath ticket = start(token, "two-parts.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String fileId = ticket.getString("fileId");
        complete(token, fileId, putAll(ticket, content))
                .then()
                .statusCode(201)
                .body("sha256", equalTo(UploadApiTest.sha256(content)));

        String stored = s3.headObject(b -> b.bucket(Tokens.env("UPLOAD_BUCKET"))
                        .key("uploads/" + owner + "/" + fileId)
                        .checksumMode(ChecksumMode.ENABLED))
                .checksumSHA256();
        assertEquals(
                composite(content, PART),
                stored,
                "S3 keeps the SHA-256 of the part digests it verified, the ones announced for the item");
    }

    @Test
    void singlePutAndDirectObjectsCarryTheItemsSha256AsS3sChecksum() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(4000, 12);
        JsonPath ticket = start(token, "single.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String single = ticket.getString("fileId");
        putAll(ticket, content);
        String singleSha = complete(token, single, Map.of())
                .then()
                .statusCode(201)
                .extract()
                .path("sha256");
        String direct = UploadApiTest.upload(
                        token, new Multipart().file("direct.bin", "application/octet-stream", content))
                .then()
                .statusCode(201)
                .extract()
                .path("fileId");

        for (String fileId : List.of(single, direct)) {
            String itemSha = storage().item(owner, fileId).get("sha256").s();
            String stored = s3.headObject(b -> b.bucket(Tokens.env("UPLOAD_BUCKET"))
                            .key("uploads/" + owner + "/" + fileId)
                            .checksumMode(ChecksumMode.ENABLED))
                    .checksumSHA256();
            assertEquals(
                    PresignedUploadTestSupport.base64(itemSha),
                    stored,
                    "S3 verified and keeps the SHA-256 the item records (" + fileId + ")");
        }
        assertEquals(UploadApiTest.sha256(content), singleSha);
    }

    @Test
    void aFiveGibFileNeedsAtMostAHundredPartsAllInTheTicket() {
        String token = UploadApiTest.freshToken();
        long size = 5L * 1024 * 1024 * 1024;
        long partSize = 52L * 1024 * 1024; // max(8 MiB, ceil(size / 100) rounded up to a whole MiB)
        int partCount = (int) ((size + partSize - 1) / partSize);
        List<Map<String, Object>> checksums = new ArrayList<>();
        for (int n = 1; n <= partCount; n++) {
            checksums.add(Map.of("partNumber", n, "sha256", UploadApiTest.sha256(new byte[] {(byte) n})));
        }
        JsonPath ticket = start(
                        token,
                        "huge.iso",
                        size,
                        "application/octet-stream",
                        UploadApiTest.sha256(new byte[0]),
                        checksums)
                .then()
                .statusCode(201)
                .body("partSizeBytes", equalTo((int) partSize))
                .body("partCount", equalTo(partCount))
                .body("parts", hasSize(partCount))
                .body("limits.maxParts", equalTo(100))
                .body("limits.partUrlsPerRequest", equalTo(100))
                .extract()
                .jsonPath();
        assertTrue(partCount <= 100);
        assertEquals(
                PresignedUploadTestSupport.base64(UploadApiTest.sha256(new byte[] {(byte) partCount})),
                headers(ticket, partCount).get("x-amz-checksum-sha256"));
        UploadApiTest.as(token)
                .delete("/uploads/" + ticket.getString("fileId"))
                .then()
                .statusCode(204);
    }

    @Test
    void partChecksumsMustMatchTheUploadsParts() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes((int) PART + 1, 13);
        String sha = UploadApiTest.sha256(content);
        List<Map<String, Object>> good = partChecksums(content, PART);
        List<List<Map<String, Object>>> bad = List.of(
                List.of(),
                good.subList(0, 1),
                List.of(good.get(0), good.get(0)),
                List.of(
                        good.get(0),
                        Map.of("partNumber", 3, "sha256", good.get(1).get("sha256"))),
                List.of(
                        good.get(0),
                        Map.of("partNumber", 2, "sha256", ((String) good.get(1).get("sha256")).toUpperCase())));
        start(token, "m.bin", content.length, "application/octet-stream", sha, null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_parts"))
                .body("partSizeBytes", equalTo((int) PART))
                .body("partCount", equalTo(2))
                .body("detail", notNullValue());
        for (List<Map<String, Object>> checksums : bad) {
            start(token, "m.bin", content.length, "application/octet-stream", sha, checksums)
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("invalid_parts"))
                    .body("partCount", equalTo(2));
        }
        byte[] small = randomBytes(100, 14);
        start(
                        token,
                        "s.bin",
                        small.length,
                        "application/octet-stream",
                        UploadApiTest.sha256(small),
                        partChecksums(small, PART))
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_parts"))
                .body("partCount", equalTo(1));

        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
        assertFalse(
                s3
                        .listMultipartUploads(
                                b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).prefix("uploads/" + owner))
                        .uploads()
                        .stream()
                        .findAny()
                        .isPresent(),
                "a refused announcement starts no multipart upload");
    }

    /** S3's composite SHA-256 of a multipart object: SHA-256 of the parts' digests, base64, "-" and the count. */
    static String composite(byte[] content, long partSize) {
        try {
            java.security.MessageDigest outer = java.security.MessageDigest.getInstance("SHA-256");
            int count = 0;
            for (int from = 0; from < content.length; from += (int) partSize, count++) {
                outer.update(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Arrays.copyOfRange(content, from, (int) Math.min(content.length, from + partSize))));
            }
            return java.util.Base64.getEncoder().encodeToString(outer.digest()) + "-" + count;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ API refusals

    @Test
    void sizeMismatchAtCompleteRemovesTheObjectAndRecordsNothing() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(1000, 6);
        JsonPath ticket = start(token, "short.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String fileId = ticket.getString("fileId");
        String key = "pending/" + owner + "/" + fileId;
        // The signed Content-Length keeps a presigned PUT from storing another size; a rogue writer is simulated.
        s3.putObject(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).key(key), RequestBody.fromBytes(new byte[999]));

        complete(token, fileId, Map.of())
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("size_mismatch"))
                .body("title", equalTo("Unprocessable Content"))
                .body("expectedBytes", equalTo(1000))
                .body("actualBytes", equalTo(999));

        assertEquals(
                new StorageProbe.Counts(0, 0), storage().counts(owner), "object and pending record removed, no item");
        complete(token, fileId, Map.of()).then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void completingWithoutEveryPartIsRefusedAndTheUploadStaysOpen() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes((int) (PART + 10), 7);
        JsonPath ticket = start(token, "two.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String fileId = ticket.getString("fileId");
        Map<String, Object> parts = putAll(ticket, content);
        List<?> all = (List<?>) parts.get("parts");

        complete(token, fileId, Map.of("parts", all.subList(0, 1)))
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_parts"));
        complete(token, fileId, Map.of("parts", List.of(Map.of("partNumber", 1, "etag", "\"0000\""), all.get(1))))
                .then()
                .statusCode(409)
                .body("code", equalTo("parts_mismatch"));
        assertEquals(0, storage().items(owner));

        complete(token, fileId, parts).then().statusCode(201);
        assertArrayEquals(content, storage().object("uploads/" + owner + "/" + fileId));
    }

    @Test
    void anotherUsersUploadAndFileAreNotFound() {
        String alice = UploadApiTest.freshToken();
        String bob = UploadApiTest.freshToken();
        byte[] content = randomBytes((int) PART + 1, 8);
        JsonPath ticket = start(alice, "mine.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String fileId = ticket.getString("fileId");
        Map<String, Object> parts = putAll(ticket, content);

        UploadApiTest.as(bob).get("/uploads/" + fileId).then().statusCode(404).body("code", equalTo("not_found"));
        UploadApiTest.as(bob)
                .contentType("application/json")
                .body(Map.of("partNumbers", List.of(1)))
                .post("/uploads/" + fileId + "/parts")
                .then()
                .statusCode(404);
        complete(bob, fileId, parts).then().statusCode(404).body("code", equalTo("not_found"));
        UploadApiTest.as(bob).delete("/uploads/" + fileId).then().statusCode(404);

        complete(alice, fileId, parts).then().statusCode(201);
        UploadApiTest.as(bob)
                .get("/files/" + fileId + "/download")
                .then()
                .statusCode(404)
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
        JsonPath ticket = start(token, "gone.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String fileId = ticket.getString("fileId");
        String key = "uploads/" + owner + "/" + fileId;
        HttpResponse<String> first =
                put(ticket.getString("parts[0].url"), headers(ticket, 1), Arrays.copyOfRange(content, 0, (int) PART));
        assertEquals(200, first.statusCode());
        assertTrue(s3
                .listMultipartUploads(b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).prefix(key))
                .uploads()
                .stream()
                .anyMatch(u -> u.key().equals(key)));

        UploadApiTest.as(token).delete("/uploads/" + fileId).then().statusCode(204);

        assertFalse(
                s3
                        .listMultipartUploads(
                                b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).prefix(key))
                        .uploads()
                        .stream()
                        .anyMatch(u -> u.key().equals(key)),
                "S3 no longer holds the multipart upload");
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
        start(token, "a.bin", 1, null, sha.toUpperCase())
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_sha256"));
        start(token, "a.bin", 0, null, sha).then().statusCode(400).body("code", equalTo("empty_file"));
        start(token, "a.bin", 5368709121L, null, sha)
                .then()
                .statusCode(413)
                .body("code", equalTo("file_too_large"))
                .body("limitBytes", equalTo(5368709120L));
        start(token, "../a", 1, null, sha).then().statusCode(400).body("code", equalTo("invalid_file_name"));
        start(token, "a.bin", 1, "not a type", sha)
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_content_type"));
        UploadApiTest.as(token)
                .contentType("application/json")
                .body("{\"fileName\":")
                .post("/uploads")
                .then()
                .statusCode(400)
                .body("code", equalTo("malformed_body"));
        UploadApiTest.as(null)
                .contentType("application/json")
                .body(Map.of())
                .post("/uploads")
                .then()
                .statusCode(401)
                .body("code", equalTo("missing_token"));
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
    }

    // ------------------------------------------------------------------------------------------ download, delete

    @Test
    void downloadOfANonAsciiNameIsByteIdenticalWithRfc6266Disposition() {
        String token = UploadApiTest.freshToken();
        byte[] content = UploadApiTest.allByteValues(8);
        String name = "Résumé «final» 文件 ✓.bin";
        JsonPath ticket = start(token, name, content.length, "application/octet-stream", UploadApiTest.sha256(content))
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String fileId = ticket.getString("fileId");
        putAll(ticket, content);
        complete(token, fileId, Map.of()).then().statusCode(201).body("fileName", equalTo(name));
        String expected = "attachment; filename=\"R_sum_ _final_ __ _.bin\"; "
                + "filename*=UTF-8''R%C3%A9sum%C3%A9%20%C2%ABfinal%C2%BB%20%E6%96%87%E4%BB%B6%20%E2%9C%93.bin";

        JsonPath link = UploadApiTest.as(token)
                .get("/files/" + fileId + "/download")
                .then()
                .statusCode(200)
                .body("fileName", equalTo(name))
                .body("contentDisposition", equalTo(expected))
                .body("expiresAt", matchesPattern(UploadApiTest.TIMESTAMP))
                .extract()
                .jsonPath();
        HttpResponse<byte[]> download = send(
                HttpRequest.newBuilder(URI.create(link.getString("url"))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, download.statusCode());
        assertArrayEquals(content, download.body());
        assertEquals(
                expected, download.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals(
                "application/octet-stream",
                download.headers().firstValue("Content-Type").orElseThrow());

        String tampered = link.getString("url").replace("attachment", "inline");
        assertNotEquals(
                200,
                send(HttpRequest.newBuilder(URI.create(tampered)).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode());
    }

    @Test
    void deleteRemovesObjectAndItem() {
        String token = UploadApiTest.freshToken();
        String owner = Tokens.subject(token);
        String fileId = UploadApiTest.upload(token, UploadApiTest.simpleForm("small.txt"))
                .then()
                .statusCode(201)
                .extract()
                .path("fileId");
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(owner));

        UploadApiTest.as(token).delete("/files/" + fileId).then().statusCode(204);

        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
        UploadApiTest.as(token).get("/files/" + fileId).then().statusCode(404);
        UploadApiTest.as(token)
                .delete("/files/" + fileId)
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        UploadApiTest.as(token).get("/files/not-a-uuid/download").then().statusCode(404);
    }

    // ---------------------------------------------------------------------------------------------- deadlines

    /** Starts an upload of {@code content} (binary, its real SHA-256) and returns the ticket. */
    static JsonPath ticket(String token, String name, byte[] content) {
        return start(token, name, content, "application/octet-stream")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
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
            s3.putObject(
                    b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).key(key).contentType("application/json"),
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
        JsonPath ticket = start(token, "soon.bin", content, "application/octet-stream")
                .then()
                .statusCode(201)
                .body("deadline", matchesPattern(UploadApiTest.TIMESTAMP))
                .extract()
                .jsonPath();
        Instant deadline = Instant.parse(ticket.getString("deadline"));
        assertFalse(deadline.isBefore(before.plus(Duration.ofHours(24))), "the default deadline is 24 h");
        assertFalse(Instant.parse(ticket.getString("expiresAt")).isAfter(deadline));
        UploadApiTest.as(token)
                .get("/uploads/" + ticket.getString("fileId"))
                .then()
                .statusCode(200)
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

        JsonPath renewed = UploadApiTest.as(token)
                .contentType("application/json")
                .body(Map.of("partNumbers", List.of(1, 2)))
                .post("/uploads/" + fileId + "/parts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertFalse(Instant.parse(renewed.getString("expiresAt")).isAfter(deadline), renewed.prettify());
        for (Object url : renewed.getList("parts.url")) {
            long lifetime = signedLifetimeSeconds((String) url);
            assertTrue(lifetime <= 600, "a renewed URL lives " + lifetime + " s, past the deadline 600 s away");
        }

        setDeadline(owner, fileId, Instant.now().minusSeconds(1));
        UploadApiTest.as(token)
                .contentType("application/json")
                .body(Map.of("partNumbers", List.of(1)))
                .post("/uploads/" + fileId + "/parts")
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("upload_expired"))
                .body("title", equalTo("Gone"))
                .body("detail", notNullValue())
                .body("deadline", notNullValue());
        UploadApiTest.as(token)
                .get("/uploads/" + fileId)
                .then()
                .statusCode(410)
                .body("code", equalTo("upload_expired"));
        complete(
                        token,
                        fileId,
                        Map.of(
                                "parts",
                                List.of(
                                        Map.of("partNumber", 1, "etag", "\"x\""),
                                        Map.of("partNumber", 2, "etag", "\"y\""))))
                .then()
                .statusCode(410)
                .body("code", equalTo("upload_expired"));
        assertEquals(0, storage().items(owner));

        UploadApiTest.as(token).delete("/uploads/" + fileId).then().statusCode(204);
        assertFalse(
                s3
                        .listMultipartUploads(
                                b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).prefix(key))
                        .uploads()
                        .stream()
                        .anyMatch(u -> u.key().equals(key)),
                "an expired upload can still be aborted");
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

        complete(token, fileId, Map.of())
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
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

        complete(token, fileId, Map.of())
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("content_encoding_not_allowed"))
                .body("detail", notNullValue());

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
        s3.putObject(
                b -> b.bucket(Tokens.env("UPLOAD_BUCKET")).key(record).contentType("application/json"),
                RequestBody.fromBytes(recordJson));
        assertEquals(new StorageProbe.Counts(2, 1), storage().counts(owner));

        UploadApiTest.as(token).delete("/files/" + fileId).then().statusCode(204);

        assertEquals(
                new StorageProbe.Counts(0, 0),
                storage().counts(owner),
                "the object, the left-over record with the file name and comment, and the item are gone");
    }

    @Test
    void preflightAllowsDelete() {
        Response preflight = UploadApiTest.as(null)
                .header("Origin", UploadApiTest.allowedOrigin())
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/files/01900000-0000-7000-8000-000000000000");
        preflight.then().statusCode(200);
        assertTrue(UploadApiTest.headerValues(preflight, "Access-Control-Allow-Methods")
                .contains("delete"));
    }

    static void assertThat(String body, String expected) {
        assertTrue(body.contains(expected), "expected " + expected + " in " + body);
    }
}
