package com.s3dynamopipe.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One started presigned upload, driven as the web page drives it: announced with {@code POST /uploads}, its bytes PUT
 * straight to S3 with the ticket's URLs and headers, then renewed, completed or aborted through the API
 * ({@code /uploads/{fileId}...}) with the caller's token.
 *
 * @param token the caller's ID token
 * @param content the file's bytes, as announced
 * @param started the API's answer to the announcement (201 and a ticket)
 */
record PresignedUpload(String token, byte[] content, Response started) {

    /**
     * Announces {@code content} (its SHA-256 and, above 8 MiB, every part's) and checks that the API answered 201.
     *
     * @return the started upload
     */
    static PresignedUpload start(String token, String name, byte[] content, String contentType) {
        Response started = PresignedUploadTestSupport.announce(token, name, content, contentType);
        started.then().statusCode(201);
        return new PresignedUpload(token, content, started);
    }

    /** Starts a binary upload ({@code application/octet-stream}) of {@code content}. */
    static PresignedUpload start(String token, String name, byte[] content) {
        return start(token, name, content, "application/octet-stream");
    }

    /** @return the same upload as seen by another caller (whose requests must not reach it) */
    PresignedUpload as(String otherToken) {
        return new PresignedUpload(otherToken, content, started);
    }

    /** @return the ticket: file id, mode, parts with their URLs and headers, deadline */
    JsonPath ticket() {
        return started.jsonPath();
    }

    String fileId() {
        return ticket().getString("fileId");
    }

    /** @return the caller's subject: the owner of the upload's objects and item */
    String owner() {
        return Tokens.subject(token);
    }

    /** @return the key the file's object has once the upload is complete */
    String objectKey() {
        return "uploads/" + owner() + "/" + fileId();
    }

    /** @return the presigned URL of part {@code partNumber} (1-based) */
    String url(int partNumber) {
        return ticket().getString("parts.find { it.partNumber == " + partNumber + " }.url");
    }

    /** @return the headers every PUT of this upload sends (Content-Type and, for a single PUT, its checksum) */
    Map<String, String> headers() {
        return ticket().getMap("headers", String.class, String.class);
    }

    /** @return what the PUT of one part sends: the ticket's common headers and the part's own */
    Map<String, String> headers(int partNumber) {
        Map<String, String> headers = new HashMap<>(headers());
        headers.putAll(ticket().getMap(
                        "parts.find { it.partNumber == " + partNumber + " }.headers", String.class, String.class));
        return headers;
    }

    /** PUTs {@code bytes} to part {@code partNumber}'s URL with the given headers. */
    HttpResponse<String> put(int partNumber, Map<String, String> headers, byte[] bytes) {
        return PresignedUploadTestSupport.put(url(partNumber), headers, bytes);
    }

    /** PUTs part {@code partNumber} of the content as signed, and checks that S3 stored it (200). */
    HttpResponse<String> putPart(int partNumber) {
        long partSize = ticket().getLong("partSizeBytes");
        int from = (int) ((partNumber - 1) * partSize);
        byte[] part = Arrays.copyOfRange(content, from, (int) Math.min(content.length, from + partSize));
        HttpResponse<String> answer = put(partNumber, headers(partNumber), part);
        assertEquals(200, answer.statusCode(), answer.body());
        return answer;
    }

    /** PUTs every part of the content as signed and returns the completion body ({@code parts} with the ETags). */
    Map<String, Object> putAll() {
        List<Map<String, Object>> done = new ArrayList<>();
        for (int number = 1; number <= ticket().getInt("partCount"); number++) {
            String etag = putPart(number).headers().firstValue("ETag").orElseThrow();
            done.add(Map.of("partNumber", number, "etag", etag));
        }
        return Map.of("parts", done);
    }

    /** {@code GET /uploads/{fileId}}: the upload's state. */
    Response status() {
        return ApiTestSupport.as(token).get("/uploads/" + fileId());
    }

    /** {@code POST /uploads/{fileId}/parts}: fresh URLs for the given parts. */
    Response renew(Integer... partNumbers) {
        return ApiTestSupport.as(token)
                .contentType("application/json")
                .body(Map.of("partNumbers", List.of(partNumbers)))
                .post("/uploads/" + fileId() + "/parts");
    }

    /** {@code POST /uploads/{fileId}/complete} with {@code body} ({@code {}} for a single PUT). */
    Response complete(Object body) {
        return ApiTestSupport.as(token)
                .contentType("application/json")
                .body(body)
                .post("/uploads/" + fileId() + "/complete");
    }

    /** {@code DELETE /uploads/{fileId}}: aborts the upload. */
    Response abort() {
        return ApiTestSupport.as(token).delete("/uploads/" + fileId());
    }
}
