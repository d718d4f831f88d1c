package com.s3dynamopipe.upload;

import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The presigned path's requests and conversions: announcing an upload to the API ({@code POST /uploads}), and the
 * browser's side, which sends bytes straight to S3 with the presigned URLs (java.net.http, as a page's XHR would).
 */
final class PresignedUploadTestSupport {

    /** The smallest part size in bytes (8 MiB): files above it are uploaded in parts. */
    static final long PART = 8L * 1024 * 1024;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PresignedUploadTestSupport() {}

    /** @return the base64 form of a hex SHA-256 (the {@code x-amz-checksum-sha256} header value) */
    static String base64(String sha256Hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }

    /** @return {@code length} bytes, the same for the same {@code seed} */
    static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * Announces an upload ({@code POST /uploads}) with the given members; the comment is {@code "presigned " + name}.
     *
     * @param size bytes, as announced
     * @param contentType the type to sign, or {@code null} to leave the member out
     * @param sha256 the file's SHA-256 in lower-case hex, as announced
     * @param partChecksums the {@code partChecksums} member, or {@code null} to leave it out
     * @return the API's answer: a ticket (201) or a problem
     */
    static Response announce(
            String token,
            String name,
            long size,
            String contentType,
            String sha256,
            List<Map<String, Object>> partChecksums) {
        Map<String, Object> body = new HashMap<>();
        body.put("fileName", name);
        body.put("sizeBytes", size);
        body.put("contentType", contentType);
        body.put("sha256", sha256);
        body.put("comment", "presigned " + name);
        if (partChecksums != null) {
            body.put("partChecksums", partChecksums);
        }
        return ApiTestSupport.as(token)
                .contentType("application/json")
                .body(body)
                .post("/uploads");
    }

    /** Announces {@code content} as the page does: its SHA-256 and, above 8 MiB, every part's. */
    static Response announce(String token, String name, byte[] content, String contentType) {
        return announce(
                token,
                name,
                content.length,
                contentType,
                ApiTestSupport.sha256(content),
                content.length > PART ? partChecksums(content, PART) : null);
    }

    /** @return the {@code partChecksums} of {@code content} cut into parts of {@code partSize} bytes */
    static List<Map<String, Object>> partChecksums(byte[] content, long partSize) {
        List<Map<String, Object>> checksums = new ArrayList<>();
        int n = 1;
        for (byte[] part : parts(content, partSize)) {
            checksums.add(Map.of("partNumber", n++, "sha256", ApiTestSupport.sha256(part)));
        }
        return checksums;
    }

    /** @return S3's composite SHA-256 of a multipart object: SHA-256 of the parts' digests, base64, "-", the count */
    static String composite(byte[] content, long partSize) {
        try {
            MessageDigest outer = MessageDigest.getInstance("SHA-256");
            List<byte[]> parts = parts(content, partSize);
            for (byte[] part : parts) {
                outer.update(MessageDigest.getInstance("SHA-256").digest(part));
            }
            return Base64.getEncoder().encodeToString(outer.digest()) + "-" + parts.size();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return {@code content} cut into parts of {@code partSize} bytes, the last one shorter */
    static List<byte[]> parts(byte[] content, long partSize) {
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < content.length; from += (int) partSize) {
            parts.add(Arrays.copyOfRange(content, from, (int) Math.min(content.length, from + partSize)));
        }
        return parts;
    }

    /** PUTs {@code body} to a presigned URL with exactly the given headers, as the page does. */
    static HttpResponse<String> put(String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs a presigned URL. */
    static <T> HttpResponse<T> get(String url, HttpResponse.BodyHandler<T> handler) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build(), handler);
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return JdkHttp.send(HTTP, request, handler);
    }

    /** @return how long a presigned URL is valid, in seconds (its {@code X-Amz-Expires}) */
    static long signedLifetimeSeconds(String url) {
        Matcher expires = Pattern.compile("[?&]X-Amz-Expires=(\\d+)").matcher(url);
        if (!expires.find()) {
            throw new AssertionError("no X-Amz-Expires in " + url);
        }
        return Long.parseLong(expires.group(1));
    }
}
