package com.s3dynamopipe.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The rows of issue 11: the product's {@code POST /upload} against the reference peer (bench/peer/upload_peer.py, the
 * original description's upload function: FastAPI + boto3 served by uvicorn with one worker, on Debian's Python), on
 * the same emulators, with the same multipart body, token, bucket and table. For 10 KiB and 1 MiB at concurrency 1
 * and 8, and for each of our variants (dev mode, packaged JVM C1 only, packaged JVM with C2), blocks of ours and of
 * the peer alternate; each row reports medians of blocks (uploads/s), p50/p99 latency over all uploads and the CPU
 * milliseconds per upload of each server process (our function's JVM, the peer's Python process).
 */
final class PeerBench extends Section implements AutoCloseable {

    /** Makes the upload operation of one form (a {@code POST /upload} of it, however a variant receives it). */
    @FunctionalInterface
    interface Uploads {
        Op of(Payloads.Multipart form) throws Exception;
    }

    /** One of our variants: its name in the rows, how it uploads a form, its server process (name for CpuMeter, pid). */
    record Ours(String label, Uploads uploads, String process, long pid) {
    }

    /** A file size of the rows, with its form and how many uploads each client makes per block. */
    record Size(String label, Payloads.Multipart form, int perClient) {
    }

    /** Goals of issue 11 that these rows measure, as ratios ours/peer. */
    static final double DEV_GOAL = 1.0;
    static final double C2_GOAL = 2.0;

    private final UploadBench uploads;
    private final Path script;
    private final String python;
    private final List<Size> sizes;
    private final Map<String, Double> goalRatios = new LinkedHashMap<>();
    private Process peer;
    private String peerUrl;

    /**
     * @param uploads the direct-upload rows, whose requests the peer takes as they are
     * @param script  the peer's script (bench/peer/upload_peer.py), or null when bench/run found its packages missing
     * @param python  Debian's Python (the interpreter whose packages bench/run checked)
     */
    PeerBench(Context context, UploadBench uploads, Path script, String python) {
        super(context);
        this.uploads = uploads;
        this.script = script;
        this.python = python;
        this.sizes = List.of(
                new Size("10 KiB", Payloads.Multipart.of(Payloads.bytes(10 * Payloads.KIB, 21), "small.bin",
                        "benchmark 10 KiB"), settings.smallPerClient()),
                new Size("1 MiB", Payloads.Multipart.of(Payloads.bytes(Payloads.MIB, 22), "medium.bin",
                        "benchmark 1 MiB"), settings.mibPerClient()));
    }

    boolean available() {
        return script != null;
    }

    /** The forms of the rows (10 KiB, 1 MiB). */
    List<Payloads.Multipart> forms() {
        return sizes.stream().map(Size::form).toList();
    }

    /**
     * Starts the peer on a free loopback port with the cloud's variables (cloud.env), waits until it answers, and
     * checks once that it is a fair peer: a tampered token answers 401; an upload answers 201 and leaves the same
     * bytes in the bucket and an item with their SHA-256 in the table. Started once; stopped by {@link #close}.
     */
    void start() throws Exception {
        if (peer != null) {
            return;
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(python, "-B", script.toString(), "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(outDir.resolve("peer.log").toFile());
        pb.environment().putAll(cloud.env);
        peer = pb.start();
        peerUrl = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!peer.isAlive()) {
                throw new IllegalStateException("the peer exited with status " + peer.exitValue()
                        + " (see bench/target/run/results/peer.log)");
            }
            try {
                if (cloud.http.send(HttpRequest.newBuilder(URI.create(peerUrl + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the peer did not answer within 60 s (see its log)");
            }
            Thread.sleep(200);
        }
        System.out.println("[bench] peer (FastAPI + boto3, uvicorn) pid " + peer.pid() + " at " + peerUrl);
        checkFair();
    }

    long pid() {
        return peer.pid();
    }

    /** The peer's {@code POST /upload} of this form with the current token. */
    Op upload(Payloads.Multipart form) throws Exception {
        return uploads.post(peerUrl, form);
    }

    private void checkFair() throws Exception {
        Payloads.Multipart form = sizes.get(0).form();
        String token = uploads.token();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        HttpResponse<String> refused = cloud.http.send(HttpRequest.newBuilder(URI.create(peerUrl + "/upload"))
                .header("authorization", "Bearer " + tampered).header("content-type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (refused.statusCode() != 401) {
            throw new IllegalStateException("the peer accepted a tampered token: " + refused.statusCode());
        }
        HttpResponse<String> res = cloud.http.send(HttpRequest.newBuilder(URI.create(peerUrl + "/upload"))
                .timeout(Duration.ofMinutes(1))
                .header("authorization", "Bearer " + token).header("content-type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 201) {
            throw new IllegalStateException("the peer answered " + res.statusCode() + ": " + res.body());
        }
        JsonNode file = Cloud.JSON.readTree(res.body());
        String owner = Cloud.subject(token);
        String key = "uploads/" + owner + "/" + file.path("fileId").asText();
        byte[] stored = s3.getObjectAsBytes(b -> b.bucket(cloud.bucket).key(key)).asByteArray();
        byte[] sent = filePart(form);
        if (!Arrays.equals(stored, sent)) {
            throw new IllegalStateException("the peer stored " + stored.length + " bytes that differ from the "
                    + sent.length + " sent");
        }
        Map<String, AttributeValue> item = backend.getItem(b -> b.tableName(cloud.table).consistentRead(true)
                .key(Map.of("ownerId", AttributeValue.fromS(owner),
                        "fileId", AttributeValue.fromS(file.path("fileId").asText())))).item();
        if (!Payloads.sha256(sent).equals(item.getOrDefault("sha256", AttributeValue.fromS("")).s())
                || !"UPLOADED".equals(item.getOrDefault("status", AttributeValue.fromS("")).s())) {
            throw new IllegalStateException("the peer's item is not the product's: " + item);
        }
    }

    /** The bytes of the {@code file} part of a form made by {@link Payloads.Multipart#of}. */
    private static byte[] filePart(Payloads.Multipart form) {
        byte[] body = form.body();
        int start = indexOf(body, "\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0) + 4;
        String boundary = form.contentType().substring(form.contentType().indexOf("boundary=") + 9);
        int end = indexOf(body, ("\r\n--" + boundary).getBytes(java.nio.charset.StandardCharsets.US_ASCII), start);
        return Arrays.copyOfRange(body, start, end);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("malformed multipart body");
    }

    /**
     * The rows of one variant of ours: for each size and concurrency (1, 8), {@code rounds} × (a block of ours, a
     * block of the peer), after a warm-up of both (as many uploads of each size as a block at concurrency 8).
     */
    void compare(Ours ours, CpuMeter meter) throws Exception {
        start();
        CpuMeter withPeer = meter.with(ours.process(), ours.pid()).with("peer (uvicorn)", pid());
        for (Size size : sizes) {
            Op mine = ours.uploads().of(size.form());
            Op theirs = upload(size.form());
            // Warm-up of both, as many uploads as one block at concurrency 8, so that the JIT of our JVM has compiled
            // the path before it is measured (C2 takes some hundred uploads; its compiler threads' CPU counts as ours).
            for (int i = 0; i < (settings.quick() ? 2 : size.perClient() * 8); i++) {
                mine.run();
                theirs.run();
            }
            for (int c : new int[] {1, 8}) {
                Blocks.Series a = new Blocks.Series();
                Blocks.Series b = new Blocks.Series();
                int n = size.perClient() * c;
                Blocks.alternate(mine, a, theirs, b, settings.rounds(), n, c, withPeer);
                row(ours, size, c, n, a, b);
            }
        }
    }

    private void row(Ours ours, Size size, int c, int n, Blocks.Series a, Blocks.Series b) {
        double ratio = a.medianRate() / b.medianRate();
        double oursCpu = cpuMsPerUpload(a, ours.process());
        double peerCpu = cpuMsPerUpload(b, "peer (uvicorn)");
        boolean dev = ours.label().startsWith("dev");
        boolean c2 = ours.label().contains("C2");
        String goal = "– (figures)";
        String result = "n/a";
        if (dev && c == 1) {
            goal = "≥ " + Report.ratio(DEV_GOAL);
            result = ratio >= DEV_GOAL ? "met" : "missed";
        } else if (c2) {
            goal = "≥ " + Report.ratio(C2_GOAL);
            result = ratio >= C2_GOAL ? "met" : "missed";
        }
        String name = "Peer: " + size.label() + ", concurrency " + c + ", ours " + ours.label() + " vs FastAPI + boto3";
        goalRatios.put(size.label() + ", c " + c + ", " + ours.label() + ": uploads/s", ratio);
        goalRatios.put(size.label() + ", c " + c + ", " + ours.label() + ": CPU/upload", oursCpu / peerCpu);
        report.row(name,
                Report.num(a.medianRate()) + " uploads/s; p50 " + Report.num(a.p(50)) + " ms, p99 "
                        + Report.num(a.p(99)) + " ms; server CPU " + Report.num(oursCpu) + " ms/upload",
                "FastAPI + boto3 " + Report.num(b.medianRate()) + " uploads/s; p50 " + Report.num(b.p(50))
                        + " ms, p99 " + Report.num(b.p(99)) + " ms; server CPU " + Report.num(peerCpu)
                        + " ms/upload",
                Report.ratio(ratio), goal, result,
                settings.rounds() + " × (" + n + " ours + " + n + " peer), " + c + " client(s); medians of blocks, "
                        + "p50/p99 over all " + a.operations + " uploads; server CPU per upload ours/peer "
                        + Report.ratio(oursCpu / peerCpu) + " (goal ≤ 1.00×)");
        report.cpu.add("peer rows, " + size.label() + ", concurrency " + c + ", ours " + ours.label() + ": "
                + CpuMeter.describe(a.cpu, a.operations, "ms/upload") + " · FastAPI + boto3: "
                + CpuMeter.describe(b.cpu, b.operations, "ms/upload"));
    }

    private static double cpuMsPerUpload(Blocks.Series s, String process) {
        return s.cpu.getOrDefault(process, Double.NaN) * 1000 / s.operations;
    }

    /**
     * The goals table of issue 11 as Markdown, computed from this run's peer rows (ratios ours / the peer): dev mode
     * at concurrency 1 (uploads/s), server CPU per upload, packaged JVM with C2 (uploads/s); a cell is "–" for a
     * variant that did not run.
     */
    String goalsTable() {
        StringBuilder md = new StringBuilder("Goals of issue 11, from the rows \"Peer: …\" above (ours / FastAPI + "
                + "boto3; 10 KiB, 1 MiB):\n\n| measure | goal | this run |\n|---|---|---|\n");
        md.append("| dev mode vs the peer, uploads/s at concurrency 1 | ≥ 1.0× | ")
                .append(cells("c 1, dev mode: uploads/s")).append(" |\n");
        md.append("| dev mode vs the peer, uploads/s at concurrency 8 | – | ")
                .append(cells("c 8, dev mode: uploads/s")).append(" |\n");
        for (String variant : List.of("dev mode", "packaged JVM (C1 only)", "packaged JVM with C2")) {
            md.append("| CPU per upload vs the peer's, ").append(variant).append(", concurrency 1; 8 | ≤ 1.0× | ")
                    .append(cells("c 1, " + variant + ": CPU/upload")).append("; ")
                    .append(cells("c 8, " + variant + ": CPU/upload")).append(" |\n");
        }
        md.append("| packaged JVM (C2) vs the peer, uploads/s, concurrency 1; 8 | ≥ 2× | ")
                .append(cells("c 1, packaged JVM with C2: uploads/s")).append("; ")
                .append(cells("c 8, packaged JVM with C2: uploads/s")).append(" |\n");
        return md.toString();
    }

    /** "a, b": the ratios of both sizes for one measure (e.g. "c 1, dev mode: uploads/s"). */
    private String cells(String measure) {
        List<String> out = new ArrayList<>();
        for (Size size : sizes) {
            Double v = goalRatios.get(size.label() + ", " + measure);
            out.add(v == null ? "–" : Report.ratio(v));
        }
        return String.join(", ", out);
    }

    boolean measured() {
        return !goalRatios.isEmpty();
    }

    /** Stops the peer process (it is this harness's child). */
    @Override
    public void close() {
        if (peer != null) {
            peer.destroy();
            try {
                if (!peer.waitFor(10, TimeUnit.SECONDS)) {
                    peer.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                peer.destroyForcibly();
            }
            peer = null;
        }
    }
}
