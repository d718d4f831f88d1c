package com.s3dynamopipe.bench;

import java.time.Instant;
import java.util.Base64;
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
        String host = "bench.execute-api.us-east-1.amazonaws.com";
        Map<String, Object> headers = Maps.ordered(
                "authorization", "Bearer " + token,
                "content-type", form.contentType(),
                "content-length", String.valueOf(form.body().length),
                "host", host,
                "user-agent", "bench");
        Map<String, Object> http = Maps.ordered(
                "method", "POST", "path", "/upload", "protocol", "HTTP/1.1", "sourceIp", "127.0.0.1",
                "userAgent", "bench");
        Instant now = Instant.now();
        Map<String, Object> context = Maps.ordered(
                "accountId", "000000000000", "apiId", "bench", "domainName", host, "domainPrefix", "bench",
                "http", http,
                "requestId", UUID.randomUUID().toString(),
                "routeKey", "$default", "stage", "$default",
                "time", now.toString(), "timeEpoch", now.toEpochMilli());
        Map<String, Object> event = Maps.ordered(
                "version", "2.0", "routeKey", "$default", "rawPath", "/upload", "rawQueryString", "",
                "headers", headers,
                "requestContext", context,
                "body", Base64.getEncoder().encodeToString(form.body()),
                "isBase64Encoded", true);
        return Cloud.JSON.writeValueAsBytes(event);
    }
}
