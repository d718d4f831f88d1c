package com.s3dynamopipe.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Maps written down as their entries, in order: JSON objects of events and records, tables of labels. */
final class Maps {

    private Maps() {
    }

    /**
     * A map of these entries in this order.
     *
     * @param keysAndValues key, value, key, value, ...: every key a {@code String}, every value a {@code V}
     * @throws IllegalArgumentException on an odd count or a key that is not a string
     */
    @SuppressWarnings("unchecked")
    static <V> Map<String, V> ordered(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("a key without a value: " + keysAndValues.length + " arguments");
        }
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key " + i / 2 + " is not a string: " + keysAndValues[i]);
            }
            map.put(key, (V) keysAndValues[i + 1]);
        }
        return map;
    }
}
