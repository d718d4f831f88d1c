package com.s3dynamopipe.common.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Provides the UTC clock every "now" of a function is read from: the upload API's timestamps, deadlines and quota
 * claims, the processor's {@code processingStartedAt} and {@code processedAt}.
 */
@ApplicationScoped
public class ClockProducer {

    /** @return the system clock in UTC */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
