package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Failures the framework decides, answered as the design's problems: a body above the HTTP body limit on a JSON
 * route, a method a route does not take (405 with {@code Allow}, for every route of the OpenAPI document), and JSON
 * members of the wrong type or out of range (strict reading: {@code invalid_field}), and bodies that are not exactly
 * one JSON object with distinct members ({@code malformed_body}).
 */
@QuarkusTest
class HttpProblemsTest extends ApiTestSupport {

    private static final String SHA = "a".repeat(64);
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");

    @Test
    void aJsonBodyAboveTheBodyLimitNamesTheLimit() {
        // The local HTTP front (like API Gateway) stops bodies above 10 MiB before the function; the function's own
        // check is reached with a raw event whose declared length is above quarkus.http.limits.max-body-size.
        String token = freshToken();
        byte[] body = startBody("\"sizeBytes\":1").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of(
                "content-type",
                "application/json",
                "content-length",
                Long.toString(20L * 1024 * 1024),
                "authorization",
                "Bearer " + token);
        refused(Tokens.subject(token), 413, "body_too_large", () -> sendAsEvent("POST", "/uploads", headers, body))
                .then()
                .body("limitBytes", equalTo(10485760))
                .body("detail", containsString("10485760"));
    }

    @Test
    void everyRouteAnswersAMethodItDoesNotTakeWith405AndAllow() throws IOException {
        String token = freshToken();
        Map<String, Set<String>> routes = documentedRoutes();
        assertEquals(9, routes.size(), routes.toString());
        routes.forEach((template, allowed) -> {
            String path = template.replace("{fileId}", "0190a4b2-1234-7abc-8def-0123456789ab");
            for (String method : METHODS) {
                if (allowed.contains(method)) {
                    continue;
                }
                Response response = refused(
                        Tokens.subject(token),
                        405,
                        "method_not_allowed",
                        () -> as(token)
                                .contentType("application/json")
                                .body("{}")
                                .request(method, path));
                // The Lambda HTTP layer splits header values at commas: every value counts.
                Set<String> allow = headerValues(response, "Allow").stream()
                        .map(value -> value.toUpperCase(Locale.ROOT))
                        .collect(Collectors.toCollection(TreeSet::new));
                assertEquals(allowed, allow, method + " " + path);
            }
        });
    }

    @Test
    void jsonMembersOfTheWrongTypeAreRefusedNamingTheMemberAndItsType() {
        String token = freshToken();
        String owner = Tokens.subject(token);
        refused(owner, 400, "invalid_field", () -> start(token, startBody("\"sizeBytes\":\"100\"")))
                .then()
                .body("field", equalTo("sizeBytes"))
                .body("expected", equalTo("integer"));
        refused(owner, 400, "invalid_field", () -> start(token, startBody("\"sizeBytes\":1.5")))
                .then()
                .body("field", equalTo("sizeBytes"));
        refused(owner, 400, "invalid_field", () -> start(token, startBody("\"sizeBytes\":\"\"")))
                .then()
                .body("field", equalTo("sizeBytes"));
        refused(
                        owner,
                        400,
                        "invalid_field",
                        () -> start(token, "{\"fileName\":12,\"sizeBytes\":1,\"sha256\":\"" + SHA + "\"}"))
                .then()
                .body("field", equalTo("fileName"))
                .body("expected", equalTo("string"));
        refused(
                        owner,
                        400,
                        "invalid_field",
                        () -> start(
                                token,
                                startBody(
                                        "\"sizeBytes\":20000000,\"partChecksums\":[{\"partNumber\":\"1\",\"sha256\":\""
                                                + SHA + "\"}]")))
                .then()
                .body("field", equalTo("partChecksums[0].partNumber"))
                .body("expected", equalTo("integer"));
    }

    @Test
    void aBodyThatIsNotExactlyOneJsonObjectIsMalformed() {
        String token = freshToken();
        String owner = Tokens.subject(token);
        String valid = startBody("\"sizeBytes\":100");
        refused(owner, 400, "malformed_body", () -> start(token, valid + "xyz"));
        refused(owner, 400, "malformed_body", () -> start(token, valid + "{}"));
        refused(
                owner,
                400,
                "malformed_body",
                () -> start(token, startBody("\"sizeBytes\":100,\"fileName\":\"b.bin\"")));
    }

    @Test
    void aNumberTooLargeForItsMemberIsRefusedNamingTheMemberAndTheRange() {
        String token = freshToken();
        refused(
                        Tokens.subject(token),
                        400,
                        "invalid_field",
                        () -> start(token, startBody("\"sizeBytes\":100000000000000000000000")))
                .then()
                .body("field", equalTo("sizeBytes"))
                .body("detail", containsString("9223372036854775807"));
    }

    @Test
    void detailsNameJsonMembersOnTheJsonRouteAndPartsOnTheFormRoute() {
        String token = freshToken();
        String owner = Tokens.subject(token);
        refused(
                        owner,
                        400,
                        "invalid_content_type",
                        () -> start(
                                token,
                                "{\"fileName\":\"a.txt\",\"sizeBytes\":1,\"contentType\":\"not a type\",\"sha256\":\""
                                        + SHA + "\"}"))
                .then()
                .body("detail", containsString("contentType"))
                .body("detail", not(containsString("part")));
        refused(
                        owner,
                        400,
                        "invalid_file_name",
                        () -> start(token, "{\"fileName\":\"\",\"sizeBytes\":1,\"sha256\":\"" + SHA + "\"}"))
                .then()
                .body("detail", containsString("fileName"))
                .body("detail", not(containsString("part")));
        refused(
                        owner,
                        400,
                        "invalid_content_type",
                        () -> upload(token, new Multipart().file("a.txt", "not a type", new byte[] {1})))
                .then()
                .body("detail", containsString("file part"));
    }

    /** @return a {@code POST /uploads} body of one small file with the given members added */
    private static String startBody(String members) {
        return "{\"fileName\":\"a.bin\",\"sha256\":\"" + SHA + "\"," + members + "}";
    }

    private static Response start(String token, String json) {
        return as(token).contentType("application/json").body(json).post("/uploads");
    }

    /** @return each path of META-INF/openapi.yaml with its methods, upper case */
    private static Map<String, Set<String>> documentedRoutes() throws IOException {
        JsonNode paths;
        try (InputStream in = HttpProblemsTest.class.getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
            assertNotNull(in, "META-INF/openapi.yaml on the classpath");
            paths = new YAMLMapper().readTree(in).path("paths");
        }
        Map<String, Set<String>> routes = new java.util.TreeMap<>();
        for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
            String path = names.next();
            Set<String> methods = new TreeSet<>();
            paths.path(path).fieldNames().forEachRemaining(name -> {
                String method = name.toUpperCase(Locale.ROOT);
                if (METHODS.contains(method)) {
                    methods.add(method);
                }
            });
            assertTrue(!methods.isEmpty(), path);
            routes.put(path, methods);
        }
        return routes;
    }
}
