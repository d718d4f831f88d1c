package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code GET /files} and {@code GET /files/{fileId}}: paging, the owner's own files only, refused queries. */
@QuarkusTest
class FileReadsTest extends ApiTestSupport {

    @Test
    void listingIsNewestFirstWithPagination() {
        String token = freshToken();
        as(token)
                .get("/files")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0))
                .body("nextCursor", nullValue());
        List<String> ids = Stream.of("first.txt", "second.txt", "third.txt")
                .map(name -> storedFileId(token, simpleForm(name)))
                .toList();

        Response page1 = as(token).queryParam("limit", 2).get("/files");
        page1.then()
                .statusCode(200)
                .body("items.fileId", equalTo(List.of(ids.get(2), ids.get(1))))
                .body("items[0].fileName", equalTo("third.txt"))
                .body("nextCursor", notNullValue());
        Response page2 = as(token)
                .queryParam("limit", 2)
                .queryParam("cursor", page1.path("nextCursor").toString())
                .get("/files");
        page2.then().statusCode(200).body("items.fileId", equalTo(List.of(ids.get(0))));
        assertFalse(page2.jsonPath().getMap("").containsKey("nextCursor"), "the last page has no cursor");

        as(token)
                .get("/files")
                .then()
                .statusCode(200)
                .body("items.fileId", equalTo(List.of(ids.get(2), ids.get(1), ids.get(0))))
                .body("nextCursor", nullValue());
        as(token)
                .queryParam("limit", 3)
                .get("/files")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(3))
                .body("nextCursor", nullValue());
    }

    @Test
    void listingLargerThanTheOutputBufferIsAnsweredCompletely() {
        // quarkusio/quarkus#44551: a chunked answer over ~8 KiB never ends through the Lambda mock event server.
        String token = freshToken();
        String comment = "😀".repeat(1000);
        for (int i = 0; i < 6; i++) {
            upload(token, simpleForm("large-listing-" + i + ".txt").comment(comment))
                    .then()
                    .statusCode(201);
        }
        Response page = as(token)
                .config(RAW_CONTENT_TYPE.httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 30_000)))
                .queryParam("limit", 6)
                .get("/files");
        page.then().statusCode(200).body("items.size()", equalTo(6)).body("items[5].comment", equalTo(comment));
        assertTrue(page.asByteArray().length > 24_000, "the answer is several times the 8 KiB output buffer");
    }

    @Test
    void anotherUsersFileIsNotFoundExactlyLikeAMissingOne() {
        String alice = Tokens.idToken(0);
        String bob = Tokens.idToken(1);
        String fileId = storedFileId(alice, simpleForm("alice-only.txt"));
        String bobOwner = Tokens.subject(bob);

        Response foreign = refused(bobOwner, 404, "not_found", () -> as(bob).get("/files/" + fileId));
        Response missing = refused(
                bobOwner, 404, "not_found", () -> as(bob).get("/files/" + "0190d3f0-0000-7000-8000-000000000000"));
        Response notAnId = refused(bobOwner, 404, "not_found", () -> as(bob).get("/files/not-a-uuid"));

        assertEquals(missing.asString(), foreign.asString());
        assertEquals(missing.asString(), notAnId.asString());
        assertEquals(missing.contentType(), foreign.contentType());
        as(bob).get("/files")
                .then()
                .statusCode(200)
                .body("items.fileId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(fileId)));
    }

    static String cursorOf(String fileId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fileId.getBytes(StandardCharsets.US_ASCII));
    }

    static Stream<Arguments> badQueries() {
        String notUuid = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("not-a-uuid".getBytes(StandardCharsets.US_ASCII));
        String upperUuid = Base64.getUrlEncoder()
                .withoutPadding()
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
                Arguments.of(
                        "cursor",
                        List.of(
                                cursorOf("0190d3f0-0000-7000-8000-000000000000"),
                                cursorOf("0190d3f0-0000-7000-8000-000000000001")),
                        "invalid_cursor"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badQueries")
    void badListParametersAreRefused(String name, Object value, String code) {
        String token = freshToken();
        refused(
                Tokens.subject(token),
                400,
                code,
                () -> as(token)
                        .queryParam(name, value instanceof List<?> values ? values : List.of(value))
                        .get("/files"));
    }
}
