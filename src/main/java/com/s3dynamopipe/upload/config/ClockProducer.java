package com.s3dynamopipe.upload.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Provides the UTC clock every "now" of the upload API is read from (timestamps, deadlines, quotas). */
@ApplicationScoped
public class ClockProducer {

    /** @return the system clock in UTC */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
