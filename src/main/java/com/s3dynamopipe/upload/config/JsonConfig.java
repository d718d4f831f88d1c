package com.s3dynamopipe.upload.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON reading rules for request bodies: a fractional number is never truncated into a whole-number member
 * (so {@code "sizeBytes": 1.5} is refused instead of becoming 1).
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    /** Disables {@link DeserializationFeature#ACCEPT_FLOAT_AS_INT}. */
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
