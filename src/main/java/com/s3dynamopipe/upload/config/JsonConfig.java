package com.s3dynamopipe.upload.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * JSON reading rules for request bodies: every member must have its own JSON type. Jackson's lenient defaults would
 * turn {@code "sizeBytes": "100"} into 100, {@code "fileName": 12} into {@code "12"} and {@code "sizeBytes": 1.5}
 * into 1; here each is refused (a {@code MismatchedInputException}, answered as {@code invalid_field}).
 */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    /**
     * Disables {@link DeserializationFeature#ACCEPT_FLOAT_AS_INT} and makes Jackson's coercion config fail on text
     * (also empty text) for whole numbers and booleans, and on numbers and booleans for text.
     */
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
}
