package com.s3dynamopipe.local.pipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipe target's input transformer ({@code InputTemplate}, AWS doc "Amazon EventBridge Pipes input
 * transformation"), applied to each record before the batch becomes the execution's JSON array: a JSON text with
 * placeholders {@code <$.dot.path>}. A quoted placeholder ({@code "<$.eventID>"}) becomes the value as a JSON string,
 * an unquoted one the value as JSON (objects such as {@code {"S": "…"}} as they are). A path that names nothing
 * becomes {@code null} here; what AWS puts there is not known locally (terraform/definitions/pipe-target-input.template
 * only reads paths every INSERT of the upload API has).
 *
 * @param json     the pipe's Jackson mapper
 * @param template the template text
 */
record InputTemplate(ObjectMapper json, String template) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\"<\\$\\.([A-Za-z0-9_.-]+)>\"|<\\$\\.([A-Za-z0-9_.-]+)>");

    /** Reads a template file (UTF-8). */
    static InputTemplate read(ObjectMapper json, Path file) throws IOException {
        return new InputTemplate(json, Files.readString(file));
    }

    /**
     * @param record one stream record as the pipe delivers it
     * @return the transformed record
     * @throws IOException if the result is not JSON
     */
    JsonNode apply(JsonNode record) throws IOException {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean quoted = m.group(1) != null;
            JsonNode value = at(record, quoted ? m.group(1) : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(render(value, quoted)));
        }
        m.appendTail(out);
        return json.readTree(out.toString());
    }

    private String render(JsonNode value, boolean quoted) throws JsonProcessingException {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "null";
        }
        if (!quoted) {
            return json.writeValueAsString(value);
        }
        return json.writeValueAsString(value.isTextual() ? value.asText() : value.toString());
    }

    private static JsonNode at(JsonNode record, String path) {
        JsonNode node = record;
        for (String name : path.split("\\.")) {
            node = node == null ? null : node.get(name);
        }
        return node;
    }
}
