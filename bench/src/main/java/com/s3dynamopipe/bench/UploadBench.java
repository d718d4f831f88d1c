package com.s3dynamopipe.bench;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.core.sync.RequestBody;

/** The direct-upload rows: {@code POST /upload} against a raw PutObject of the same bytes to the same S3Proxy. */
final class UploadBench extends Section {

    /** Stack frames of the JDK's digest and MAC classes on top of a sample (see {@link #CATEGORIES}). */
    private static final String DIGEST =
            "\\A(sun\\.security\\.provider|com\\.sun\\.crypto\\.provider|java\\.security|javax\\.crypto)[\\s\\S]*?";

    /**
     * Where the upload API's JVM spends its time (see {@link Jfr#profile}): label, pattern, in order. Matched against
     * the sample's stack, top frame first, one frame per line.
     */
    static final Map<String, String> CATEGORIES = Maps.ordered(
            "SHA-256 of the upload (ours: DigestInputStream in ObjectStore)",
            DIGEST + "java\\.security\\.MessageDigest\\.update\\njava\\.security\\.DigestInputStream\\.read",
            "SHA-256/HMAC in the SDK (SigV4 payload signing over http, checksums)",
            DIGEST + "(java\\.security\\.MessageDigest|javax\\.crypto\\.Mac)\\.\\w+\\n"
                    + "((java\\.security\\.MessageDigest|javax\\.crypto\\.Mac)\\.\\w+\\n)*software\\.amazon\\.awssdk",
            "other hashing", "\\A(sun\\.security\\.provider|java\\.util\\.zip\\.CRC32)",
            "emulator: mock event server (HTTP ⇄ API Gateway event)",
            "MockHttpEventServer|MockEventServer|LambdaHttpDevServices|amazon\\.lambda\\.runtime\\.Mock",
            "JWT verification", "smallrye\\.jwt|jose4j",
            "multipart parsing / temporary file", "(?i)multipart|FormData|FileUpload|FormParser",
            "other S3 PutObject work (SDK, HTTP)", "services\\.s3\\.|ObjectStore",
            "DynamoDB PutItem (SDK)", "services\\.dynamodb\\.|FileTable",
            "event JSON / base64 in the function", "(?i)base64|jackson",
            "Lambda runtime client / HTTP virtual channel",
            "AbstractLambdaPollLoop|LambdaHttpHandler|VirtualClientConnection|lambda\\.runtime");

    /** Where S3Proxy (the emulator) spends its time on a PutObject. */
    static final Map<String, String> S3PROXY_CATEGORIES = Maps.ordered(
            "MD5 (ETag)", "\\Asun\\.security\\.provider\\.MD5",
            "SigV4 verification (SHA-256/HMAC)",
            "\\A(sun\\.security\\.provider|com\\.sun\\.crypto|javax\\.crypto|java\\.security)",
            "aws-chunked decoding", "(?i)chunked",
            "filesystem store", "(?i)FileChannel|FileOutputStream|FileDispatcher|nio\\.fs|jclouds",
            "Jetty HTTP", "(?i)jetty");

    private final java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> uploadRetries =
            new java.util.concurrent.ConcurrentHashMap<>();
    private String token;
    private long s3ProxyPid = -1;
    private boolean s3ProxyProfiled;

    UploadBench(Context context) {
        super(context);
    }

    /** Also profile S3Proxy (once) when a 4 MiB goal is missed. */
    void profileS3Proxy(long pid) {
        this.s3ProxyPid = pid;
    }

    String token() throws Exception {
        if (token == null) {
            token = cloud.idToken();
        }
        return token;
    }

    void refreshToken() throws Exception {
        token = cloud.idToken();
    }

    /** {@code POST /upload} through the local cloud's API (Quarkus dev mode behind its mock event server). */
    Op api(Payloads.Multipart form) throws Exception {
        return post(cloud.apiUrl, form);
    }

    /**
     * {@code POST <baseUrl>/upload} with this multipart body and the current ID token; the operation fails unless the
     * answer is {@code 201}. Also used for the reference peer (bench/peer), which takes the same request. An answer
     * {@code 5xx} (under load S3Proxy sometimes closes a connection mid-request; the product then answers {@code 503
     * storage_unavailable}, the peer {@code 500} once boto3's own retries are spent) is sent again, up to 4 times in
     * all; such repeats are counted per URL (see {@link #uploadRetries}) and their time stays in the latency.
     */
    Op post(String baseUrl, Payloads.Multipart form) throws Exception {
        String bearer = "Bearer " + token();
        URI uri = URI.create(baseUrl + "/upload");
        return () -> {
            for (int attempt = 1;; attempt++) {
                HttpResponse<String> res = cloud.http.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofMinutes(5))
                        .header("authorization", bearer)
                        .header("content-type", form.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() == 201) {
                    return;
                }
                if (res.statusCode() < 500 || attempt == 4) {
                    throw new IllegalStateException("POST " + uri + " answered " + res.statusCode() + ": "
                            + res.body());
                }
                uploadRetries.computeIfAbsent(uri.toString(), u -> new java.util.concurrent.atomic.AtomicInteger())
                        .incrementAndGet();
            }
        };
    }

    /** Uploads sent again after a {@code 5xx} answer (see {@link #post}), by URL; empty when none was. */
    Map<String, java.util.concurrent.atomic.AtomicInteger> uploadRetries() {
        return uploadRetries;
    }

    /**
     * The limit: PutObject of the same bytes with a plain SDK client. S3Proxy sometimes closes a connection in the
     * middle of a request under load ("Error writing request body to server", "Unexpected end of file from
     * server"), which the SDK does not retry; such a request is tried again, up to 4 times in all, and counted.
     */
    Op raw(byte[] bytes) {
        return () -> {
            for (int attempt = 1;; attempt++) {
                try {
                    putRaw(bytes);
                    return;
                } catch (java.io.UncheckedIOException | software.amazon.awssdk.core.exception.SdkClientException e) {
                    if (attempt == 4) {
                        throw e;
                    }
                    retries.incrementAndGet();
                }
            }
        };
    }

    private void putRaw(byte[] bytes) {
        s3.putObject(b -> b.bucket(cloud.bucket).key("bench/raw/" + UUID.randomUUID())
                        .contentType("application/octet-stream"),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length,
                        "application/octet-stream"));
    }

    /** Raw PutObjects retried so far (see {@link #raw}). */
    int retries() {
        return retries.get();
    }

    /** {@code POST /upload} as an API Gateway event to the packaged function behind the runtime API stand-in. */
    Op packaged(LambdaRuntime function, Payloads.Multipart form) throws Exception {
        byte[] event = ApiEvents.upload(form, token());
        return () -> {
            JsonNode res = Cloud.JSON.readTree(function.invoke(event));
            if (res.path("statusCode").asInt() != 201) {
                throw new IllegalStateException("the packaged function answered " + res);
            }
        };
    }

    /** Row "Direct upload 4 MiB": uploads/s through {@code measured} against raw PutObject, alternated. */
    void fourMib(String label, Op measured, byte[] bytes, Long profilePid, CpuMeter meter) throws Exception {
        Op limit = raw(bytes);
        for (int i = 0; i < 3; i++) {
            measured.run();
            limit.run();
        }
        Blocks.Series a = new Blocks.Series();
        Blocks.Series b = new Blocks.Series();
        Blocks.alternate(measured, a, limit, b, settings.rounds(), settings.bigPerBlock(), 1, meter);
        double ratio = a.medianRate() / b.medianRate();
        boolean met = ratio >= 0.8;
        String why = settings.rounds() + " × (" + settings.bigPerBlock() + " API + " + settings.bigPerBlock()
                + " raw), medians of blocks";
        if (!met && profilePid != null) {
            String name = label.replaceAll("\\W+", "-");
            int n = Math.max(4, settings.bigPerBlock());
            Jfr.Profile profile = Jfr.profile(profilePid, "4 MiB uploads, " + label + " (pid " + profilePid + ")",
                    outDir.resolve("upload-4mib-" + name + ".jfr"), CATEGORIES, () -> repeat(measured, n));
            report.profiles.add(profile.markdown());
            why += ". Missed; the API JVM's samples: " + profile.topCategories();
            if (s3ProxyPid > 0 && !s3ProxyProfiled) {
                s3ProxyProfiled = true;
                report.profiles.add(Jfr.profile(s3ProxyPid, "S3Proxy (emulator) during 4 MiB uploads, " + label,
                        outDir.resolve("s3proxy-upload-" + name + ".jfr"), S3PROXY_CATEGORIES,
                        () -> repeat(measured, n)).markdown());
                report.profiles.add(Jfr.profile(s3ProxyPid, "S3Proxy (emulator) during 4 MiB raw PutObjects",
                        outDir.resolve("s3proxy-raw.jfr"), S3PROXY_CATEGORIES, () -> repeat(limit, n)).markdown());
            }
        }
        report.row("Direct upload 4 MiB, " + label + ", concurrency 1",
                Report.num(a.medianRate()) + " uploads/s (" + Report.num(a.medianRate() * 4.194304) + " MB/s; p50 "
                        + Report.num(a.p(50)) + " ms)",
                "raw PutObject " + Report.num(b.medianRate()) + " uploads/s (p50 " + Report.num(b.p(50)) + " ms)",
                Report.ratio(ratio), "≥ 0.80×", met ? "met" : "missed", why);
        report.cpu.add("4 MiB upload, " + label + ": " + CpuMeter.describe(a.cpu, a.operations, "ms/upload")
                + " · raw PutObject: " + CpuMeter.describe(b.cpu, b.operations, "ms/upload"));
    }

    private static void repeat(Op op, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            op.run();
        }
    }

    /** Row "Direct upload 10 KiB": uploads/s and latency at concurrency 1, 8, 32, raw PutObject alongside. */
    void tenKib(byte[] bytes) throws Exception {
        Payloads.Multipart form = Payloads.Multipart.of(bytes, "small.bin", "benchmark 10 KiB");
        Op api = api(form);
        Op limit = raw(bytes);
        for (int i = 0; i < 5; i++) {
            api.run();
            limit.run();
        }
        for (int c : settings.concurrencies()) {
            refreshToken();
            api = api(form);
            Blocks.Series a = new Blocks.Series();
            Blocks.Series b = new Blocks.Series();
            int n = settings.smallPerClient() * c;
            Blocks.alternate(api, a, limit, b, settings.rounds(), n, c, meter);
            report.row("Direct upload 10 KiB, dev mode, concurrency " + c,
                    Report.num(a.medianRate()) + " uploads/s; p50 " + Report.num(a.p(50)) + " ms, p99 "
                            + Report.num(a.p(99)) + " ms",
                    "raw PutObject " + Report.num(b.medianRate()) + " /s; p50 " + Report.num(b.p(50)) + " ms, p99 "
                            + Report.num(b.p(99)) + " ms",
                    Report.ratio(a.medianRate() / b.medianRate()), "– (figures)", "n/a",
                    settings.rounds() + " × (" + n + " API + " + n + " raw); p50/p99 over all "
                            + a.operations + " uploads");
            report.cpu.add("10 KiB upload, concurrency " + c + ": API " + CpuMeter.describe(a.cpu, a.operations,
                    "ms/upload") + " · raw PutObject: " + CpuMeter.describe(b.cpu, b.operations, "ms/upload"));
        }
    }
}
