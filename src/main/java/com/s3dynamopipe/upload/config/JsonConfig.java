package com.s3dynamopipe.upload.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON reading rules for request bodies: every member must have its own JSON type. Jackson's lenient defaults would
 * turn {@code "sizeBytes": "100"} into 100, {@code "fileName": 12} into {@code "12"} and {@code "sizeBytes": 1.5}
 * into 1; here each is refused (a {@code MismatchedInputException}, answered as {@code invalid_field}). A body must
 * also be exactly one JSON value with distinct member names: text after it, or a member given twice (Jackson would
 * keep the last), is {@code malformed_body}. The rules
 * hold for the JAX-RS bodies only: the application's own mapper, which the Lambda runtime also reads API Gateway
 * events with, stays as Quarkus configures it.
 */
@Provider
public class JsonConfig implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    /** @param mapper the application's mapper, copied and made strict */
    public JsonConfig(ObjectMapper mapper) {
        this.strict = mapper.copy()
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Boolean}) {
            strict.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    /**
     * @param type the class read or written
     * @return the strict mapper, for every JAX-RS body
     */
    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
