package com.s3dynamopipe.upload;

import static com.s3dynamopipe.upload.PresignedUploadTestSupport.PART;
import static com.s3dynamopipe.upload.PresignedUploadTestSupport.announce;
import static com.s3dynamopipe.upload.PresignedUploadTestSupport.base64;
import static com.s3dynamopipe.upload.PresignedUploadTestSupport.composite;
import static com.s3dynamopipe.upload.PresignedUploadTestSupport.partChecksums;
import static com.s3dynamopipe.upload.PresignedUploadTestSupport.randomBytes;
import static com.s3dynamopipe.upload.PresignedUploadTestSupport.signedLifetimeSeconds;
import static org.hamcrest.Matchers.containsString;
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
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The presigned path against the emulators with real presigned URLs: the test PUTs and GETs the bytes to and from
 * S3Proxy itself (java.net.http), as a browser would, and checks what the API recorded, or that it recorded nothing.
 */
@QuarkusTest
class PresignedUploadTest extends ApiTestSupport {

    static final ObjectMapper MAPPER = new ObjectMapper();

    // ------------------------------------------------------------------------------------------ happy paths

    @Test
    void singlePutBecomesAFileOnlyWhenCompletedAndCompletingTwiceIsHarmless() {
        byte[] content = randomBytes(5_000_000, 1);
        String sha = sha256(content);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "clip.mp4", content, "video/mp4");
        upload.started()
                .then()
                .body("fileId", matchesPattern(UUID_V7))
                .body("mode", equalTo("single"))
                .body("partCount", equalTo(1))
                .body("headers.Content-Type", equalTo("video/mp4"))
                .body("headers.x-amz-checksum-sha256", equalTo(base64(sha)))
                .body("expiresAt", matchesPattern(TIMESTAMP))
                .body("limits.maxBytes", equalTo(5368709120L))
                .body("parts", hasSize(1));
        String owner = upload.owner();
        String fileId = upload.fileId();
        assertEquals(0, storage().items(owner), "starting an upload writes no item");
        as(upload.token()).get("/files").then().statusCode(200).body("items", hasSize(0));

        Map<String, Object> parts = upload.putAll();
        assertEquals(0, storage().items(owner), "the PUT alone writes no item");

        upload.complete(Map.of())
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
        assertArrayEquals(content, storage().object(upload.objectKey()));
        assertEquals("UPLOADED", storage().item(owner, fileId).get("status").s());
        assertEquals(
                new StorageProbe.Counts(1, 1),
                storage().counts(owner),
                "one object, one item: the pending record is gone");

        upload.complete(parts)
                .then()
                .statusCode(200)
                .body("fileId", equalTo(fileId))
                .body("sha256", equalTo(sha));
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(owner));
        as(upload.token()).get("/files").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void threePartMultipartUploadIsAssembledByteForByte() {
        byte[] content = randomBytes((int) (2 * PART + 12_345), 2);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "data.bin", content);
        upload.started()
                .then()
                .body("mode", equalTo("multipart"))
                .body("partSizeBytes", equalTo((int) PART))
                .body("partCount", equalTo(3))
                .body("parts", hasSize(3))
                .body("parts[2].sizeBytes", equalTo(12_345));

        Map<String, Object> parts = upload.putAll();
        upload.status()
                .then()
                .statusCode(200)
                .body("mode", equalTo("multipart"))
                .body("uploadedParts", hasSize(3))
                .body("uploadedParts[0].etag", notNullValue());
        assertEquals(0, storage().items(upload.owner()));

        upload.renew(3).then().statusCode(200).body("parts", hasSize(1)).body("parts[0].partNumber", equalTo(3));

        upload.complete(parts)
                .then()
                .statusCode(201)
                .body("sizeBytes", equalTo(content.length))
                .body("sha256", equalTo(sha256(content)))
                .body("status", equalTo("UPLOADED"));
        assertArrayEquals(content, storage().object(upload.objectKey()));
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(upload.owner()));
        upload.complete(parts).then().statusCode(200).body("fileId", equalTo(upload.fileId()));
    }

    // ------------------------------------------------------------------------------------------ S3 refusals

    @Test
    void tamperedUrlIsRefusedByS3() {
        byte[] content = randomBytes(1000, 3);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "a.bin", content);
        String otherFileId = "01900000-0000-7000-8000-000000000000";
        String otherKey = upload.url(1).replace(upload.fileId(), otherFileId);

        HttpResponse<String> answer = PresignedUploadTestSupport.put(otherKey, upload.headers(), content);

        assertEquals(403, answer.statusCode());
        assertThat(answer.body(), "SignatureDoesNotMatch");
        assertFalse(storage().objectExists("uploads/" + upload.owner() + "/" + otherFileId));
    }

    @Test
    void wrongContentTypeIsRefusedByS3() {
        byte[] content = randomBytes(1000, 4);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "page.txt", content, "text/plain");
        Map<String, String> headers = new HashMap<>(upload.headers());
        headers.put("Content-Type", "text/html");

        HttpResponse<String> answer = upload.put(1, headers, content);

        assertEquals(403, answer.statusCode());
        assertThat(answer.body(), "SignatureDoesNotMatch");
        upload.complete(Map.of())
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("upload_incomplete"));
    }

    @Test
    void bytesOtherThanPromisedAreRefusedByS3() {
        byte[] content = randomBytes(1000, 5);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "x.bin", content);
        byte[] other = content.clone();
        other[0] ^= 1;

        HttpResponse<String> answer = upload.put(1, upload.headers(), other);

        assertEquals(400, answer.statusCode());
        assertThat(answer.body(), "BadDigest");
    }

    @Test
    void partBytesOtherThanAnnouncedAreRefusedByS3() {
        byte[] content = randomBytes((int) PART + 100, 10);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "parts.bin", content);
        assertEquals(
                base64(sha256(Arrays.copyOfRange(content, 0, (int) PART))),
                upload.headers(1).get("x-amz-checksum-sha256"),
                "each part URL signs its part's SHA-256");
        // Part 2 (100 bytes) shows what S3 does with a part: a refusal of 8 MiB may close the connection mid-body.
        byte[] last = Arrays.copyOfRange(content, (int) PART, content.length);
        byte[] other = last.clone();
        other[42] ^= 1;
        Map<String, String> headers = upload.headers(2);
        assertEquals(base64(sha256(last)), headers.get("x-amz-checksum-sha256"));

        HttpResponse<String> refused = upload.put(2, headers, other);
        assertEquals(400, refused.statusCode(), refused.body());
        assertThat(refused.body(), "BadDigest");

        Map<String, String> withoutChecksum = new HashMap<>(headers);
        withoutChecksum.remove("x-amz-checksum-sha256");
        assertEquals(
                403,
                upload.put(2, withoutChecksum, last).statusCode(),
                "the checksum header is signed: leaving it out breaks the signature");
        assertEquals(200, upload.put(2, headers, last).statusCode());
    }

    @Test
    void multipartChecksumsAreVerifiedAndTheItemKeepsTheAnnouncedSha256() {
        byte[] content = randomBytes((int) PART + 7, 11);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "two-parts.bin", content);
        upload.complete(upload.putAll()).then().statusCode(201).body("sha256", equalTo(sha256(content)));

        assertEquals(
                composite(content, PART),
                storage().checksumSha256(upload.objectKey()),
                "S3 keeps the SHA-256 of the part digests it verified, the ones announced for the item");
    }

    @Test
    void singlePutAndDirectObjectsCarryTheItemsSha256AsS3sChecksum() {
        String token = freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes(4000, 12);
        PresignedUpload upload = PresignedUpload.start(token, "single.bin", content);
        upload.putAll();
        String singleSha =
                upload.complete(Map.of()).then().statusCode(201).extract().path("sha256");
        String direct = storedFileId(token, new Multipart().file("direct.bin", "application/octet-stream", content));

        for (String fileId : List.of(upload.fileId(), direct)) {
            String itemSha = storage().item(owner, fileId).get("sha256").s();
            assertEquals(
                    base64(itemSha),
                    storage().checksumSha256("uploads/" + owner + "/" + fileId),
                    "S3 verified and keeps the SHA-256 the item records (" + fileId + ")");
        }
        assertEquals(sha256(content), singleSha);
    }

    @Test
    void aFiveGibFileNeedsAtMostAHundredPartsAllInTheTicket() {
        String token = freshToken();
        long size = 5L * 1024 * 1024 * 1024;
        long partSize = 52L * 1024 * 1024; // max(8 MiB, ceil(size / 100) rounded up to a whole MiB)
        int partCount = (int) ((size + partSize - 1) / partSize);
        List<Map<String, Object>> checksums = new ArrayList<>();
        for (int n = 1; n <= partCount; n++) {
            checksums.add(Map.of("partNumber", n, "sha256", sha256(new byte[] {(byte) n})));
        }
        Response started =
                announce(token, "huge.iso", size, "application/octet-stream", sha256(new byte[0]), checksums);
        started.then()
                .statusCode(201)
                .body("partSizeBytes", equalTo((int) partSize))
                .body("partCount", equalTo(partCount))
                .body("parts", hasSize(partCount))
                .body("limits.maxParts", equalTo(100))
                .body("limits.partUrlsPerRequest", equalTo(100));
        PresignedUpload upload = new PresignedUpload(token, new byte[0], started);
        assertTrue(partCount <= 100);
        assertEquals(
                base64(sha256(new byte[] {(byte) partCount})),
                upload.headers(partCount).get("x-amz-checksum-sha256"));
        upload.abort().then().statusCode(204);
    }

    @Test
    void partChecksumsMustMatchTheUploadsParts() {
        String token = freshToken();
        String owner = Tokens.subject(token);
        byte[] content = randomBytes((int) PART + 1, 13);
        String sha = sha256(content);
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
        announce(token, "m.bin", content.length, "application/octet-stream", sha, null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_parts"))
                .body("partSizeBytes", equalTo((int) PART))
                .body("partCount", equalTo(2))
                .body("detail", notNullValue());
        for (List<Map<String, Object>> checksums : bad) {
            announce(token, "m.bin", content.length, "application/octet-stream", sha, checksums)
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("invalid_parts"))
                    .body("partCount", equalTo(2));
        }
        byte[] small = randomBytes(100, 14);
        announce(token, "s.bin", small.length, "application/octet-stream", sha256(small), partChecksums(small, PART))
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_parts"))
                .body("partCount", equalTo(1));

        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
        assertFalse(
                storage().anyMultipartUploadUnder("uploads/" + owner),
                "a refused announcement starts no multipart upload");
    }

    // ------------------------------------------------------------------------------------------ API refusals

    @Test
    void sizeMismatchAtCompleteRemovesTheObjectAndRecordsNothing() {
        PresignedUpload upload = PresignedUpload.start(freshToken(), "short.bin", randomBytes(1000, 6));
        // The signed Content-Length keeps a presigned PUT from storing another size; a rogue writer is simulated.
        storage().put("pending/" + upload.owner() + "/" + upload.fileId(), new byte[999]);

        upload.complete(Map.of())
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("size_mismatch"))
                .body("title", equalTo("Unprocessable Content"))
                .body("expectedBytes", equalTo(1000))
                .body("actualBytes", equalTo(999));

        assertEquals(
                new StorageProbe.Counts(0, 0),
                storage().counts(upload.owner()),
                "object and pending record removed, no item");
        upload.complete(Map.of()).then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void completingWithoutEveryPartIsRefusedAndTheUploadStaysOpen() {
        byte[] content = randomBytes((int) (PART + 10), 7);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "two.bin", content);
        Map<String, Object> parts = upload.putAll();
        List<?> all = (List<?>) parts.get("parts");

        upload.complete(Map.of("parts", all.subList(0, 1)))
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_parts"));
        upload.complete(Map.of("parts", List.of(Map.of("partNumber", 1, "etag", "\"0000\""), all.get(1))))
                .then()
                .statusCode(409)
                .body("code", equalTo("parts_mismatch"));
        assertEquals(0, storage().items(upload.owner()));

        upload.complete(parts).then().statusCode(201);
        assertArrayEquals(content, storage().object(upload.objectKey()));
    }

    @Test
    void anotherUsersUploadAndFileAreNotFound() {
        String bob = freshToken();
        PresignedUpload alices = PresignedUpload.start(freshToken(), "mine.bin", randomBytes((int) PART + 1, 8));
        PresignedUpload seenByBob = alices.as(bob);
        Map<String, Object> parts = alices.putAll();

        seenByBob.status().then().statusCode(404).body("code", equalTo("not_found"));
        seenByBob.renew(1).then().statusCode(404);
        seenByBob.complete(parts).then().statusCode(404).body("code", equalTo("not_found"));
        seenByBob.abort().then().statusCode(404);

        alices.complete(parts).then().statusCode(201);
        String file = "/files/" + alices.fileId();
        as(bob).get(file + "/download").then().statusCode(404).body("code", equalTo("not_found"));
        as(bob).delete(file).then().statusCode(404);
        as(alices.token()).get(file).then().statusCode(200);
        assertEquals(0, storage().counts(Tokens.subject(bob)).items());
    }

    @Test
    void abortEndsTheMultipartUpload() {
        PresignedUpload upload = PresignedUpload.start(freshToken(), "gone.bin", randomBytes((int) PART + 1, 9));
        upload.putPart(1);
        assertTrue(storage().multipartUploadOpen(upload.objectKey()));

        upload.abort().then().statusCode(204);

        assertFalse(storage().multipartUploadOpen(upload.objectKey()), "S3 no longer holds the multipart upload");
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(upload.owner()));
        upload.status().then().statusCode(404);
        upload.complete(Map.of("parts", List.of())).then().statusCode(404);
        upload.abort().then().statusCode(404);
    }

    @Test
    void announcementsBreakingTheRulesAreRefusedAndStartNothing() {
        String token = freshToken();
        String owner = Tokens.subject(token);
        String sha = sha256(new byte[] {1});
        announce(token, "a.bin", 1, null, "ABC", null).then().statusCode(400).body("code", equalTo("invalid_sha256"));
        announce(token, "a.bin", 1, null, sha.toUpperCase(), null)
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_sha256"));
        announce(token, "a.bin", 0, null, sha, null).then().statusCode(400).body("code", equalTo("empty_file"));
        announce(token, "a.bin", 5368709121L, null, sha, null)
                .then()
                .statusCode(413)
                .body("code", equalTo("file_too_large"))
                .body("limitBytes", equalTo(5368709120L));
        announce(token, "../a", 1, null, sha, null).then().statusCode(400).body("code", equalTo("invalid_file_name"));
        announce(token, "a.bin", 1, "not a type", sha, null)
                .then()
                .statusCode(400)
                .body("code", equalTo("invalid_content_type"));
        as(token)
                .contentType("application/json")
                .body("{\"fileName\":")
                .post("/uploads")
                .then()
                .statusCode(400)
                .body("code", equalTo("malformed_body"));
        Map.of(
                        "invalid_file_name",
                        "{\"fileName\":\"a\\ud800.txt\",\"sizeBytes\":1,\"sha256\":\"" + sha + "\"}",
                        "invalid_comment",
                        "{\"fileName\":\"a.bin\",\"sizeBytes\":1,\"sha256\":\"" + sha + "\",\"comment\":\"\\udc00\"}")
                .forEach((code, unpairedSurrogate) -> as(token)
                        .contentType("application/json")
                        .body(unpairedSurrogate)
                        .post("/uploads")
                        .then()
                        .statusCode(400)
                        .body("code", equalTo(code))
                        .body("detail", containsString("unpaired surrogate")));
        as(null).contentType("application/json")
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
        byte[] content = allByteValues(8);
        String name = "Résumé «final» 文件 ✓.bin";
        PresignedUpload upload = PresignedUpload.start(freshToken(), name, content);
        upload.putAll();
        upload.complete(Map.of()).then().statusCode(201).body("fileName", equalTo(name));
        String expected = "attachment; filename=\"R_sum_ _final_ __ _.bin\"; "
                + "filename*=UTF-8''R%C3%A9sum%C3%A9%20%C2%ABfinal%C2%BB%20%E6%96%87%E4%BB%B6%20%E2%9C%93.bin";

        JsonPath link = as(upload.token())
                .get("/files/" + upload.fileId() + "/download")
                .then()
                .statusCode(200)
                .body("fileName", equalTo(name))
                .body("contentDisposition", equalTo(expected))
                .body("expiresAt", matchesPattern(TIMESTAMP))
                .extract()
                .jsonPath();
        HttpResponse<byte[]> download =
                PresignedUploadTestSupport.get(link.getString("url"), HttpResponse.BodyHandlers.ofByteArray());

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
                PresignedUploadTestSupport.get(tampered, HttpResponse.BodyHandlers.discarding())
                        .statusCode());
    }

    @Test
    void deleteRemovesObjectAndItem() {
        String token = freshToken();
        String owner = Tokens.subject(token);
        String fileId = storedFileId(token, simpleForm("small.txt"));
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(owner));

        as(token).delete("/files/" + fileId).then().statusCode(204);

        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
        as(token).get("/files/" + fileId).then().statusCode(404);
        as(token).delete("/files/" + fileId).then().statusCode(404).body("code", equalTo("not_found"));
        as(token).get("/files/not-a-uuid/download").then().statusCode(404);
    }

    // ---------------------------------------------------------------------------------------------- deadlines

    /** The key of an upload's pending record, wherever it is kept (found by listing the owner's keys). */
    String recordKey(PresignedUpload upload) {
        for (String prefix : List.of("pending/", "uploads/")) {
            String key = prefix + upload.owner() + "/" + upload.fileId() + ".upload.json";
            if (storage().objectExists(key)) {
                return key;
            }
        }
        throw new AssertionError("no pending record of " + upload.fileId());
    }

    /** Moves an upload's deadline, as time passing would: rewrites {@code expiresAt} in its record in S3. */
    void setDeadline(PresignedUpload upload, Instant deadline) {
        String key = recordKey(upload);
        try {
            ObjectNode record = (ObjectNode) MAPPER.readTree(storage().object(key));
            record.put("expiresAt", deadline.toString());
            storage().putJson(key, MAPPER.writeValueAsBytes(record));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyUploadHasADeadlineThatNoUrlOutlives() {
        Instant before = Instant.now();
        PresignedUpload upload = PresignedUpload.start(freshToken(), "soon.bin", randomBytes(100, 20));
        upload.started().then().body("deadline", matchesPattern(TIMESTAMP));
        JsonPath ticket = upload.ticket();
        Instant deadline = Instant.parse(ticket.getString("deadline"));
        assertFalse(deadline.isBefore(before.plus(Duration.ofHours(24))), "the default deadline is 24 h");
        assertFalse(Instant.parse(ticket.getString("expiresAt")).isAfter(deadline));
        upload.status().then().statusCode(200).body("deadline", equalTo(ticket.getString("deadline")));
    }

    @Test
    void renewedPartUrlsNeverOutliveTheDeadlineAndEndWithIt() {
        PresignedUpload upload = PresignedUpload.start(freshToken(), "late.bin", randomBytes((int) PART + 1, 21));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        setDeadline(upload, deadline);

        JsonPath renewed = upload.renew(1, 2).then().statusCode(200).extract().jsonPath();
        assertFalse(Instant.parse(renewed.getString("expiresAt")).isAfter(deadline), renewed.prettify());
        for (Object url : renewed.getList("parts.url")) {
            long lifetime = signedLifetimeSeconds((String) url);
            assertTrue(lifetime <= 600, "a renewed URL lives " + lifetime + " s, past the deadline 600 s away");
        }

        setDeadline(upload, Instant.now().minusSeconds(1));
        upload.renew(1)
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("upload_expired"))
                .body("title", equalTo("Gone"))
                .body("detail", notNullValue())
                .body("deadline", notNullValue());
        upload.status().then().statusCode(410).body("code", equalTo("upload_expired"));
        upload.complete(Map.of(
                        "parts",
                        List.of(Map.of("partNumber", 1, "etag", "\"x\""), Map.of("partNumber", 2, "etag", "\"y\""))))
                .then()
                .statusCode(410)
                .body("code", equalTo("upload_expired"));
        assertEquals(0, storage().items(upload.owner()));

        upload.abort().then().statusCode(204);
        assertFalse(storage().multipartUploadOpen(upload.objectKey()), "an expired upload can still be aborted");
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(upload.owner()));
    }

    @Test
    void aSinglePutPastItsDeadlineCannotBeCompleted() {
        PresignedUpload upload = PresignedUpload.start(freshToken(), "expired.bin", randomBytes(2000, 22));
        upload.putAll();
        setDeadline(upload, Instant.now().minusSeconds(1));

        upload.complete(Map.of())
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("upload_expired"));

        assertEquals(0, storage().items(upload.owner()), "no item past the deadline");
        assertFalse(storage().objectExists(upload.objectKey()), "no file object past the deadline");
        as(upload.token()).get("/files/" + upload.fileId()).then().statusCode(404);
    }

    @Test
    void contentEncodingAddedToAPresignedPutIsRefusedAtComplete() {
        byte[] content = randomBytes(3000, 23);
        PresignedUpload upload = PresignedUpload.start(freshToken(), "packed.bin", content);
        Map<String, String> headers = new HashMap<>(upload.headers());
        headers.put("Content-Encoding", "gzip"); // not signed: S3 stores it, and browsers would unpack downloads
        HttpResponse<String> answer = upload.put(1, headers, content);
        assertEquals(200, answer.statusCode(), answer.body());

        upload.complete(Map.of())
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("content_encoding_not_allowed"))
                .body("detail", notNullValue());

        assertEquals(
                new StorageProbe.Counts(0, 0), storage().counts(upload.owner()), "object and record removed, no item");
    }

    @Test
    void deletingAFileAlsoRemovesWhatItsUploadLeftBehind() {
        PresignedUpload upload = PresignedUpload.start(freshToken(), "left.bin", randomBytes(1500, 24));
        upload.putAll();
        // The record as it was before complete: what a failed clean-up after complete leaves behind.
        String record = recordKey(upload);
        byte[] recordJson = storage().object(record);
        upload.complete(Map.of()).then().statusCode(201);
        storage().putJson(record, recordJson);
        assertEquals(new StorageProbe.Counts(2, 1), storage().counts(upload.owner()));

        as(upload.token()).delete("/files/" + upload.fileId()).then().statusCode(204);

        assertEquals(
                new StorageProbe.Counts(0, 0),
                storage().counts(upload.owner()),
                "the object, the left-over record with the file name and comment, and the item are gone");
    }

    @Test
    void preflightAllowsDelete() {
        Response preflight = as(null).header("Origin", allowedOrigin())
                .header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/files/01900000-0000-7000-8000-000000000000");
        preflight.then().statusCode(200);
        assertTrue(headerValues(preflight, "Access-Control-Allow-Methods").contains("delete"));
    }

    static void assertThat(String body, String expected) {
        assertTrue(body.contains(expected), "expected " + expected + " in " + body);
    }
}
