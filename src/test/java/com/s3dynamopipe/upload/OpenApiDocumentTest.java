package com.s3dynamopipe.upload;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the application serves at {@code /q/openapi} (through the same API Gateway event translation as
 * every route) parses, in JSON and YAML, and is the hand-written {@code META-INF/openapi.yaml}: the same operations and
 * only its own security scheme, nothing added by scanning or by the extensions. That the operations are the routes of
 * sam/template.yaml is checked by tests/contract/openapi.test.mjs.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void servesTheHandWrittenDocument() throws IOException {
        JsonNode json = new ObjectMapper()
                .readTree(given().accept("application/json")
                        .get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        JsonNode yaml = new YAMLMapper()
                .readTree(given().get("/q/openapi")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        JsonNode source;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/openapi.yaml")) {
            assertNotNull(in, "META-INF/openapi.yaml on the classpath");
            source = new YAMLMapper().readTree(in);
        }

        assertTrue(
                json.path("openapi").asText().startsWith("3."),
                json.path("openapi").asText());
        assertEquals(operations(source), operations(json));
        assertEquals(operations(source), operations(yaml));
        assertEquals(11, operations(source).size(), operations(source).toString());
        assertEquals(Set.of("cognito"), names(json.path("components").path("securitySchemes")));
        JsonNode scheme = json.path("components").path("securitySchemes").path("cognito");
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        assertEquals("cognito", json.path("security").path(0).fieldNames().next());
    }

    /** "METHOD /path" of every operation under {@code paths}. */
    private static Set<String> operations(JsonNode document) {
        Set<String> found = new TreeSet<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().stream()
                        .filter(op -> METHODS.contains(op.getKey()))
                        .forEach(op -> found.add(op.getKey().toUpperCase() + " " + path.getKey())));
        return found;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
