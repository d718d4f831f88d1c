package com.s3dynamopipe.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local pipeline row: upload a 10 KiB file through the API, then watch its item (GetItem on dynalite, every
 * 25 ms) until the processor has recorded {@code PROCESSED}. One file at a time, so this is latency, not queueing.
 */
final class PipelineBench extends Section {

    PipelineBench(Context context) {
        super(context);
    }

    void run() throws Exception {
        String token = cloud.idToken();
        String ownerId = Cloud.subject(token);
        List<Double> observed = new ArrayList<>();
        List<Double> stamped = new ArrayList<>();
        List<Double> uploadMs = new ArrayList<>();
        int warmUp = 2;
        for (int i = 0; i < warmUp + settings.pipelineFiles(); i++) {
            byte[] bytes = Payloads.bytes(10 * Payloads.KIB, 1000 + i);
            Payloads.Multipart form = Payloads.Multipart.of(bytes, "pipeline.bin", "benchmark pipeline");
            long t0 = System.nanoTime();
            HttpResponse<String> res = cloud.http.send(HttpRequest.newBuilder(URI.create(cloud.apiUrl + "/upload"))
                    .timeout(Duration.ofMinutes(2))
                    .header("authorization", "Bearer " + token)
                    .header("content-type", form.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            if (res.statusCode() != 201) {
                throw new IllegalStateException("POST /upload answered " + res.statusCode() + ": " + res.body());
            }
            String fileId = Cloud.JSON.readTree(res.body()).path("fileId").asText();
            Map<String, AttributeValue> key = Map.of("ownerId", AttributeValue.fromS(ownerId),
                    "fileId", AttributeValue.fromS(fileId));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            Map<String, AttributeValue> item;
            while (true) {
                item = backend.getItem(b -> b.tableName(cloud.table).key(key).consistentRead(true)).item();
                String status = item.containsKey("status") ? item.get("status").s() : "";
                if (status.equals("PROCESSED")) {
                    break;
                }
                if (status.equals("FAILED")) {
                    throw new IllegalStateException("file " + fileId + " FAILED: " + item.get("failureReason"));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("file " + fileId + " not PROCESSED after 3 minutes (" + status + ")");
                }
                Thread.sleep(25);
            }
            long t2 = System.nanoTime();
            if (i >= warmUp) {
                observed.add((t2 - t0) / 1e6);
                uploadMs.add((t1 - t0) / 1e6);
                stamped.add((double) Duration.between(Instant.parse(item.get("createdAt").s()),
                        Instant.parse(item.get("processedAt").s())).toMillis());
            }
        }
        report.row("Local pipeline: upload → PROCESSED (10 KiB)",
                "p50 " + Report.num(Stats.percentile(observed, 50)) + " ms, p99 "
                        + Report.num(Stats.percentile(observed, 99)) + " ms",
                "POST /upload alone: p50 " + Report.num(Stats.percentile(uploadMs, 50)) + " ms",
                "–", "– (figures)", "n/a",
                settings.pipelineFiles() + " files one at a time (after 2 warm-ups), seen by polling the item every "
                        + "25 ms; item timestamps createdAt → processedAt: p50 "
                        + Report.num(Stats.percentile(stamped, 50)) + " ms, p99 "
                        + Report.num(Stats.percentile(stamped, 99)) + " ms");
    }
}
