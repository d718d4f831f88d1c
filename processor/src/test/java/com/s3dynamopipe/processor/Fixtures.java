package com.s3dynamopipe.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stream record fixtures from {@code src/test/resources/events/}: JSON arrays in the exact shape EventBridge Pipes
 * hands to Step Functions, with {@code {{name}}} placeholders inside string values (so each file stays valid JSON)
 * for the values a test chooses: table, ownerId, fileId, fileName, sizeBytes, contentType, sha256.
 */
final class Fixtures {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private Fixtures() {}

    /** @return the raw fixture text, placeholders included */
    static String raw(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture events/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the fixture with every placeholder replaced
     * @throws IllegalArgumentException when the fixture uses a placeholder {@code values} does not define
     */
    static String load(String name, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(raw(name));
        StringBuilder json = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("events/" + name + " needs a value for " + matcher.group());
            }
            matcher.appendReplacement(json, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(json);
        return json.toString();
    }
}
