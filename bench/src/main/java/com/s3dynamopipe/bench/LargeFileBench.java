package com.s3dynamopipe.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The large-file row: the API's time for a presigned upload (docs/design.md, "Presigned uploads"), small file vs
 * large file. API time = {@code POST /uploads} + every {@code POST /uploads/{id}/parts} needed for the part URLs
 * beyond the ticket's first answer + {@code POST /uploads/{id}/complete}; the PUTs of the bytes to S3 are made but
 * not counted. The bytes are generated on the fly ({@link Payloads#stream}), one part in memory at a time, and each
 * file is deleted ({@code DELETE /files/{id}}) after its measurement.
 */
final class LargeFileBench extends Section {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers java.net.http sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect");

    private final UploadBench uploads;

    /** @param uploads the direct-upload rows' client, for its ID token */
    LargeFileBench(Context context, UploadBench uploads) {
        super(context);
        this.uploads = uploads;
    }

    /** The API calls of one upload, in ms. */
    record Timing(double createMs, double partsMs, int partsCalls, double completeMs, String mode, int partCount,
            double putSeconds) {
        double apiMs() {
            return createMs + partsMs + completeMs;
        }
    }

    void run() throws Exception {
        long smallBytes = 5L * Payloads.MIB;
        long largeBytes = settings.quick() ? 20L * Payloads.MIB : 5L * Payloads.GIB;
        int rounds = settings.quick() ? 1 : 3;
        int smallPerRound = settings.quick() ? 1 : 3;
        String smallLabel = "5 MiB";
        String largeLabel = settings.quick() ? "20 MiB" : "5 GiB";
        uploads.refreshToken();
        long t0 = System.nanoTime();
        String smallSha = Payloads.sha256(Payloads.stream(smallBytes, 21));
        String largeSha = Payloads.sha256(Payloads.stream(largeBytes, 22));
        largePartShas = Payloads.partSha256s(Payloads.stream(largeBytes, 22), Payloads.plannedPartSize(largeBytes));
        double hashSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "[bench] large files: hashed the inputs in %.1f s%n", hashSeconds);

        // One warm-up of each path (first calls load classes in the API), not counted.
        upload(smallBytes, 21, smallSha);
        List<Timing> small = new ArrayList<>();
        List<Timing> large = new ArrayList<>();
        List<Double> rawComplete = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < smallPerRound; i++) {
                small.add(upload(smallBytes, 21, smallSha));
            }
            large.add(upload(largeBytes, 22, largeSha));
            rawComplete.add(rawMultipart(largeBytes, 22, (int) Payloads.plannedPartSize(largeBytes)));
            System.out.printf(Locale.ROOT, "[bench] large files round %d: %s %s ms, %s %s ms%n", r + 1, smallLabel,
                    Report.num(small.get(small.size() - 1).apiMs()), largeLabel,
                    Report.num(large.get(large.size() - 1).apiMs()));
        }
        // One more small block after the last large upload, so that the small path brackets the large one.
        for (int i = 0; i < smallPerRound; i++) {
            small.add(upload(smallBytes, 21, smallSha));
        }

        double smallMs = Stats.median(small.stream().map(Timing::apiMs).toList());
        double largeMs = Stats.median(large.stream().map(Timing::apiMs).toList());
        double ratio = largeMs / smallMs;
        boolean met = ratio <= 1.2;
        Timing l = large.get(0);
        String breakdownLarge = "create " + Report.num(median(large, Timing::createMs)) + " ms + "
                + "parts (" + l.partsCalls() + " calls) " + Report.num(median(large, Timing::partsMs)) + " ms + complete "
                + Report.num(median(large, Timing::completeMs)) + " ms";
        String breakdownSmall = "create " + Report.num(median(small, Timing::createMs)) + " ms + complete "
                + Report.num(median(small, Timing::completeMs)) + " ms";
        double rawMs = Stats.median(rawComplete);
        double putSeconds = Stats.median(large.stream().map(Timing::putSeconds).toList());
        StringBuilder why = new StringBuilder();
        why.append(large.size()).append(" × ").append(largeLabel).append(" (").append(l.mode()).append(", ")
                .append(l.partCount()).append(" parts) alternated with ").append(small.size()).append(" × ")
                .append(smallLabel).append(" (").append(small.get(0).mode()).append(" PUT), after one warm-up; medians; ")
                .append("the PUTs to S3Proxy are not counted (").append(largeLabel).append(" took ")
                .append(Report.num(putSeconds)).append(" s to PUT). API calls of ").append(largeLabel).append(": ")
                .append(breakdownLarge).append("; of ").append(smallLabel).append(": ").append(breakdownSmall)
                .append(". All ").append(largeLabel).append(" medians: ")
                .append(large.stream().map(t -> Report.num(t.apiMs())).toList()).append(" ms. The same S3 calls "
                        + "without the API (plain SDK client, same parts as the API plans, alternated): CompleteMultipartUpload + "
                        + "HeadObject of ").append(largeLabel).append(" take ").append(Report.num(rawMs))
                .append(" ms (").append(rawComplete.stream().map(Report::num).toList()).append(").");
        if (!met) {
            why.append(" Missed: see the breakdown; `complete` runs S3's CompleteMultipartUpload and a HeadObject, "
                    + "whose time on the emulator (S3Proxy's filesystem store concatenates the parts into one file) "
                    + "grows with the size; the API itself reads none of the bytes.");
        }
        report.row("Large files: API time for create + complete, " + smallLabel + " vs " + largeLabel
                        + ", dev mode",
                Report.num(largeMs) + " ms for " + largeLabel + " (" + breakdownLarge + ")",
                Report.num(smallMs) + " ms for " + smallLabel + " (" + breakdownSmall + ")",
                Report.ratio(ratio), "≤ 1.20×", met ? "met" : "missed", why.toString());
    }

    private static double median(List<Timing> timings, java.util.function.ToDoubleFunction<Timing> f) {
        return Stats.median(timings.stream().map(t -> f.applyAsDouble(t)).toList());
    }

    /**
     * The emulator's share: the same multipart upload made directly with the SDK; returns the time of
     * CompleteMultipartUpload + HeadObject in ms (the part uploads are not counted). The object is deleted.
     */
    private double rawMultipart(long size, long seed, int partSize) throws Exception {
        String key = "bench/raw-multipart-" + java.util.UUID.randomUUID();
        String id = s3.createMultipartUpload(b -> b.bucket(cloud.bucket).key(key)).uploadId();
        List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new ArrayList<>();
        byte[] buffer = new byte[partSize];
        try (InputStream in = Payloads.stream(size, seed)) {
            int number = 1;
            for (long done = 0; done < size; number++) {
                int length = (int) Math.min(partSize, size - done);
                int filled = 0;
                while (filled < length) {
                    filled += in.read(buffer, filled, length - filled);
                }
                int n = number;
                String etag = s3.uploadPart(b -> b.bucket(cloud.bucket).key(key).uploadId(id).partNumber(n)
                        .contentLength((long) length),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(
                                length == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, length))).eTag();
                parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(etag)
                        .build());
                done += length;
            }
        }
        long t = System.nanoTime();
        s3.completeMultipartUpload(b -> b.bucket(cloud.bucket).key(key).uploadId(id)
                .multipartUpload(m -> m.parts(parts)));
        long head = s3.headObject(b -> b.bucket(cloud.bucket).key(key)).contentLength();
        double ms = (System.nanoTime() - t) / 1e6;
        s3.deleteObject(b -> b.bucket(cloud.bucket).key(key));
        if (head != size) {
            throw new IllegalStateException("raw multipart object has " + head + " bytes");
        }
        return ms;
    }

    /** The SHA-256 of each part of the large file, as the API plans its parts (sent as {@code partChecksums}). */
    private List<String> largePartShas = List.of();

    /** One presigned upload of {@code size} generated bytes; the file is deleted afterwards. */
    private Timing upload(long size, long seed, String sha256) throws Exception {
        String bearer = "Bearer " + uploads.token();
        ObjectNode body = JSON.createObjectNode();
        body.put("fileName", "bench-" + size + ".bin");
        body.put("sizeBytes", size);
        body.put("contentType", "application/octet-stream");
        body.put("sha256", sha256);
        if (Payloads.plannedPartSize(size) > 0) {
            ArrayNode checksums = body.putArray("partChecksums");
            for (int i = 0; i < largePartShas.size(); i++) {
                checksums.addObject().put("partNumber", i + 1).put("sha256", largePartShas.get(i));
            }
        }

        long t = System.nanoTime();
        JsonNode ticket = post(bearer, "/uploads", body, 201);
        double createMs = (System.nanoTime() - t) / 1e6;

        String fileId = ticket.path("fileId").asText();
        String mode = ticket.path("mode").asText();
        int partCount = ticket.path("partCount").asInt();
        long partSize = ticket.path("partSizeBytes").asLong();
        Map<String, String> headers = JSON.convertValue(ticket.path("headers"),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
        List<JsonNode> urls = new ArrayList<>();
        ticket.path("parts").forEach(urls::add);
        double partsMs = 0;
        int partsCalls = 0;
        int perRequest = Math.max(1, ticket.path("limits").path("partUrlsPerRequest").asInt(100));
        ArrayNode etags = JSON.createArrayNode();
        byte[] buffer = new byte[(int) Math.min(partSize > 0 ? partSize : size, size)];
        long putNanos = 0;
        try (InputStream in = Payloads.stream(size, seed)) {
            for (int number = 1; number <= partCount; number++) {
                if (urls.size() < number) {
                    ObjectNode req = JSON.createObjectNode();
                    ArrayNode numbers = req.putArray("partNumbers");
                    for (int n = number; n <= Math.min(partCount, number + perRequest - 1); n++) {
                        numbers.add(n);
                    }
                    long tp = System.nanoTime();
                    JsonNode more = post(bearer, "/uploads/" + fileId + "/parts", req, 200);
                    partsMs += (System.nanoTime() - tp) / 1e6;
                    partsCalls++;
                    more.path("parts").forEach(urls::add);
                }
                JsonNode part = urls.get(number - 1);
                if (part.path("partNumber").asInt() != number) {
                    throw new IllegalStateException("part URLs out of order: " + part);
                }
                int length = (int) part.path("sizeBytes").asLong();
                int filled = 0;
                while (filled < length) {
                    int n = in.read(buffer, filled, length - filled);
                    if (n < 0) {
                        throw new IllegalStateException("generated stream ended early");
                    }
                    filled += n;
                }
                HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(part.path("url").asText()))
                        .timeout(Duration.ofMinutes(10))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(buffer, 0, length));
                Map<String, String> partHeaders = new java.util.HashMap<>(headers);
                part.path("headers").properties().forEach(e -> partHeaders.put(e.getKey(), e.getValue().asText()));
                partHeaders.forEach((k, v) -> {
                    if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
                        put.header(k, v);
                    }
                });
                long tu = System.nanoTime();
                HttpResponse<String> res = cloud.http.send(put.build(), HttpResponse.BodyHandlers.ofString());
                putNanos += System.nanoTime() - tu;
                if (res.statusCode() != 200) {
                    throw new IllegalStateException("PUT of part " + number + " answered " + res.statusCode() + ": "
                            + res.body());
                }
                ObjectNode done = etags.addObject();
                done.put("partNumber", number);
                done.put("etag", res.headers().firstValue("etag").orElseThrow());
            }
        }
        ObjectNode complete = JSON.createObjectNode();
        if (mode.equals("multipart")) {
            complete.set("parts", etags);
        }
        long tc = System.nanoTime();
        JsonNode file = post(bearer, "/uploads/" + fileId + "/complete", complete, 201);
        double completeMs = (System.nanoTime() - tc) / 1e6;
        if (file.path("sizeBytes").asLong(size) != size) {
            throw new IllegalStateException("complete answered another size: " + file);
        }
        HttpResponse<String> deleted = cloud.http.send(HttpRequest.newBuilder(URI.create(cloud.apiUrl + "/files/" + fileId))
                .timeout(Duration.ofMinutes(5)).header("authorization", bearer).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        if (deleted.statusCode() != 204 && deleted.statusCode() != 200) {
            throw new IllegalStateException("DELETE /files/" + fileId + " answered " + deleted.statusCode() + ": "
                    + deleted.body());
        }
        return new Timing(createMs, partsMs, partsCalls, completeMs, mode, partCount, putNanos / 1e9);
    }

    private JsonNode post(String bearer, String path, JsonNode body, int expected) throws Exception {
        HttpResponse<String> res = cloud.http.send(HttpRequest.newBuilder(URI.create(cloud.apiUrl + path))
                .timeout(Duration.ofMinutes(10))
                .header("authorization", bearer)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != expected) {
            throw new IllegalStateException("POST " + path.replaceAll("/uploads/[^/]+", "/uploads/{id}") + " answered "
                    + res.statusCode() + ": " + res.body());
        }
        return JSON.readTree(res.body());
    }
}
