package com.s3dynamopipe.upload.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps as items and records store them: ISO-8601 UTC with milliseconds (docs/design.md, {@code createdAt}). */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** @return the clock's instant cut to milliseconds, the precision timestamps are stored with */
    public static Instant now(Clock clock) {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    }

    /** @return e.g. {@code 2026-11-29T15:30:00.123Z} */
    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
