package com.s3dynamopipe.bench;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * API Gateway HTTP API events, payload format 2.0 (AWS doc "Working with AWS Lambda proxy integrations for HTTP
 * APIs"), as API Gateway hands {@code POST /upload} to the upload function: binary bodies base64-encoded.
 */
final class ApiEvents {

    private ApiEvents() {
    }

    /** The event of a {@code POST /upload} with this multipart body and bearer token, as JSON bytes. */
    static byte[] upload(Payloads.Multipart form, String token) throws JsonProcessingException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + token);
        headers.put("content-type", form.contentType());
        headers.put("content-length", String.valueOf(form.body().length));
        headers.put("host", "bench.execute-api.us-east-1.amazonaws.com");
        headers.put("user-agent", "bench");
        Map<String, Object> http = Map.of("method", "POST", "path", "/upload", "protocol", "HTTP/1.1",
                "sourceIp", "127.0.0.1", "userAgent", "bench");
        Instant now = Instant.now();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "000000000000");
        context.put("apiId", "bench");
        context.put("domainName", "bench.execute-api.us-east-1.amazonaws.com");
        context.put("domainPrefix", "bench");
        context.put("http", http);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", now.toString());
        context.put("timeEpoch", now.toEpochMilli());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", "/upload");
        event.put("rawQueryString", "");
        event.put("headers", headers);
        event.put("requestContext", context);
        event.put("body", Base64.getEncoder().encodeToString(form.body()));
        event.put("isBase64Encoded", true);
        return Cloud.JSON.writeValueAsBytes(event);
    }
}
