package com.s3dynamopipe.upload;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP surface around the routes: CORS preflights and grants, unknown routes and methods, problem bodies. */
@QuarkusTest
class HttpSurfaceTest extends ApiTestSupport {

    @Test
    void preflightFromTheWebOriginIsAnsweredWithoutAToken() {
        String origin = allowedOrigin();
        Response preflight = given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/upload")
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(origin))
                .extract()
                .response();
        assertTrue(headerValues(preflight, "Access-Control-Allow-Methods").containsAll(List.of("get", "post")));
        assertTrue(headerValues(preflight, "Access-Control-Allow-Headers")
                .containsAll(List.of("authorization", "content-type")));
        assertNotEquals("true", preflight.header("Access-Control-Allow-Credentials"), "no cookies are involved");
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
        as(freshToken())
                .header("Origin", origin)
                .contentType("multipart/form-data; boundary=x")
                .body(simpleFormBytesWithBoundary())
                .post("/upload")
                .then()
                .statusCode(201)
                .header("Access-Control-Allow-Origin", equalTo(origin))
                .header("Access-Control-Expose-Headers", containsString("Location"));
    }

    @Test
    void crossOriginRefusalsCarryCorsHeadersSoBrowsersSeeTheProblem() {
        String origin = allowedOrigin();
        refused(
                        Tokens.newSubject(),
                        401,
                        "missing_token",
                        () -> as(null).header("Origin", origin).get("/files"))
                .then()
                .header("Access-Control-Allow-Origin", equalTo(origin));
        String token = freshToken();
        Multipart tooLarge = new Multipart().file("big.bin", null, new byte[(int) CAP + 1]);
        refused(
                        Tokens.subject(token),
                        413,
                        "file_too_large",
                        () -> as(token)
                                .header("Origin", origin)
                                .contentType(tooLarge.contentType())
                                .body(tooLarge.bytes())
                                .post("/upload"))
                .then()
                .header("Access-Control-Allow-Origin", equalTo(origin));
    }

    static byte[] simpleFormBytesWithBoundary() {
        return ("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cors.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\nhello\r\n--x--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void unknownRouteIsProblemJson() {
        refusedForFreshUser(404, "not_found", token -> as(token).get("/nowhere"));
        refusedForFreshUser(404, "not_found", unused -> as(null).get("/nowhere"));
    }

    @Test
    void clientsThatAcceptNoJsonGetProblemJson() {
        refusedForFreshUser(
                406, "not_acceptable", token -> as(token).accept("text/html").get("/files"));
    }

    @Test
    void wrongMethodIsProblemJson() {
        refusedForFreshUser(405, "method_not_allowed", token -> as(token).get("/upload"));
    }

    @Test
    void problemBodiesCarryNoInternals() {
        String token = freshToken();
        String body = refused(
                        Tokens.subject(token),
                        400,
                        "invalid_cursor",
                        () -> as(token).queryParam("cursor", "!!!").get("/files"))
                .asString();
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains(token), body);
        assertNotNull(body);
    }
}
