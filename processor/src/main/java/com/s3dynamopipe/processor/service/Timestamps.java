package com.s3dynamopipe.processor.service;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats item timestamps: ISO-8601 UTC with milliseconds, e.g. {@code 2026-11-29T15:30:00.123Z}. */
final class Timestamps {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** @return the clock's current instant, always with three fraction digits */
    static String now(Clock clock) {
        return ISO_MILLIS.format(clock.instant());
    }
}
