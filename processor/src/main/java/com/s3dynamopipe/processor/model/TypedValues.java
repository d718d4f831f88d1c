package com.s3dynamopipe.processor.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Reads DynamoDB-JSON typed values (AWS docs: DynamoDB API "AttributeValue"), e.g. {@code {"S": "text"}} or
 * {@code {"N": "42"}}, and rejects anything of another shape.
 */
final class TypedValues {

    private TypedValues() {}

    /**
     * @return the value of string attribute {@code name}, or {@code null} when absent (or JSON {@code null}: what the
     *         pipe's input template gives an attribute the item does not have)
     * @throws InvalidRecordException when present but not exactly {@code {"S": "<text>"}}
     */
    static String optionalString(Map<String, JsonNode> image, String name) throws InvalidRecordException {
        JsonNode value = image.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return scalar(value, name, "S");
    }

    /**
     * @return the non-empty value of string attribute {@code name}
     * @throws InvalidRecordException when absent, empty or not exactly {@code {"S": "<text>"}}
     */
    static String requiredString(Map<String, JsonNode> image, String name) throws InvalidRecordException {
        String text = optionalString(image, name);
        if (text == null || text.isEmpty()) {
            throw new InvalidRecordException("attribute " + name + " is missing or empty");
        }
        return text;
    }

    /**
     * @return the value of number attribute {@code name} as a non-negative whole number
     * @throws InvalidRecordException when absent, not exactly {@code {"N": "<digits>"}}, negative or too large
     */
    static long requiredWholeNumber(Map<String, JsonNode> image, String name) throws InvalidRecordException {
        JsonNode value = image.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidRecordException("attribute " + name + " is missing");
        }
        String digits = scalar(value, name, "N");
        if (!digits.matches("\\d{1,18}")) {
            throw new InvalidRecordException("attribute " + name + " is not a non-negative whole number: " + digits);
        }
        return Long.parseLong(digits);
    }

    private static String scalar(JsonNode value, String name, String type) throws InvalidRecordException {
        if (!value.isObject() || value.size() != 1) {
            throw new InvalidRecordException("attribute " + name + " is not a DynamoDB-JSON typed value");
        }
        Map.Entry<String, JsonNode> only = value.properties().iterator().next();
        if (!type.equals(only.getKey()) || !only.getValue().isTextual()) {
            throw new InvalidRecordException("attribute " + name + " has type " + only.getKey() + ", expected " + type);
        }
        return only.getValue().textValue();
    }
}
