package com.s3dynamopipe.processor.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Provides the UTC clock that stamps {@code processingStartedAt} and {@code processedAt}. */
@ApplicationScoped
public class ClockProducer {

    /** @return the system clock in UTC */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
