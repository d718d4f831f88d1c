package com.s3dynamopipe.upload.resource;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.s3dynamopipe.upload.service.ProblemException;
import java.util.Collection;
import java.util.Map;

/**
 * The problems of JSON bodies that Jackson refuses before any rule runs. Jackson reads them strictly
 * ({@code config.JsonConfig}: no text for numbers, no numbers for text, no fractions for whole numbers), so a member of
 * the wrong type or a number its type cannot hold is a 400 {@code invalid_field} whose {@code field} names the member
 * as a JSON path ({@code sizeBytes}, {@code partChecksums[0].partNumber}) and whose detail says what it must be.
 */
final class JsonBodyProblems {

    private JsonBodyProblems() {}

    /**
     * @param e Jackson's refusal of a value that does not fit its member (or of a body that is not an object)
     * @return {@code invalid_field} with {@code field} and {@code expected} ({@code "integer"}, {@code "string"},
     *         {@code "boolean"}, {@code "array"} or {@code "object"}); {@code malformed_body} when the body itself is
     *         not a JSON object
     */
    static ProblemException wrongType(MismatchedInputException e) {
        if (e.getPath().isEmpty()) {
            return ProblemException.badRequest("malformed_body", "The request body must be exactly one JSON object.");
        }
        String field = path(e.getPath());
        String expected = expected(e.getTargetType());
        return new ProblemException(
                400,
                "invalid_field",
                field + " must be " + (expected.matches("[aeiou].*") ? "an " : "a ") + expected + ".",
                Map.of("field", field, "expected", expected));
    }

    /**
     * @param member where Jackson was (its path names the member)
     * @param e      the parser's refusal of a whole number too large for the member's type
     * @return {@code invalid_field} with {@code field}, {@code minimum} and {@code maximum}: the range the member holds
     */
    static ProblemException outOfRange(JsonMappingException member, InputCoercionException e) {
        String field = member.getPath().isEmpty() ? "a member" : path(member.getPath());
        boolean isInt = e.getTargetType() == Integer.TYPE || e.getTargetType() == Integer.class;
        long minimum = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long maximum = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
        return new ProblemException(
                400,
                "invalid_field",
                field + " is out of range: it must be a whole number from " + minimum + " to " + maximum + ".",
                Map.of("field", field, "minimum", minimum, "maximum", maximum));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "object";
        }
        if (type == Long.class || type == Integer.class || type == Long.TYPE || type == Integer.TYPE) {
            return "integer";
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == Boolean.TYPE) {
            return "boolean";
        }
        return type.isArray() || Collection.class.isAssignableFrom(type) ? "array" : "object";
    }

    private static String path(java.util.List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
