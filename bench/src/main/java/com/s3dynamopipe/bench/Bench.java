package com.s3dynamopipe.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The benchmark harness, run by bench/run against a private local cloud it started. Every row measures a
 * path of the product and, in the same run and alternating with it, the physical limit of that path; the results
 * are written as a Markdown section for docs/benchmarks.md.
 *
 * <p>Usage: {@code java -jar bench.jar --state <cloud.json> --out <dir> --packaged <dir> --command <text>
 * --commit <sha> --uptime <text> [--quick] [--only <section>]}; writes {@code <out>/section.md}. Exit status 1 if a row failed to run.
 */
public final class Bench {

    /** Development aid: run only the sections whose name contains this text (lower case). */
    private static String only;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--only")) {
                only = args[++i].toLowerCase(java.util.Locale.ROOT);
            } else if (args[i].equals("--quick")) {
                quick = true;
            } else {
                opts.put(args[i].substring(2), args[++i]);
            }
        }
        Settings settings = quick ? Settings.quickRun() : Settings.fullRun();
        Path out = Path.of(opts.get("out"));
        Files.createDirectories(out);
        Cloud cloud = new Cloud(Path.of(opts.get("state")));
        Report report = new Report();
        Instant started = Instant.now();
        String memoryAtStart = memory();
        boolean failed = false;

        long apiPid = Procs.listeningOn(cloud.port(cloud.apiUrl)).orElse(-1L);
        long processorPid = Procs.listeningOn(cloud.port(cloud.processorLambdaUrl)).orElse(-1L);
        long s3Pid = Procs.listeningOn(cloud.port(cloud.s3Endpoint)).orElse(-1L);
        long cognitoPid = Procs.listeningOn(cloud.port(cloud.state.path("cognito").path("endpoint").asText()))
                .orElse(-1L);
        long pipePid = Procs.withCommandLine("local-pipe.jar", "--state-dir=" + cloud.dataDir()).orElse(-1L);
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("upload API JVM", apiPid);
        pids.put("processor JVM", processorPid);
        pids.put("S3Proxy", s3Pid);
        pids.put("node (dynalite, stream proxy, workflow)", cloud.pid());
        pids.put("cognito-local", cognitoPid);
        pids.put("pipe", pipePid);
        pids.put("harness (client)", ProcessHandle.current().pid());
        CpuMeter meter = new CpuMeter(pids);
        System.out.println("[bench] processes: " + pids);

        S3Client s3 = cloud.s3();
        DynamoDbClient backend = cloud.dynamodb(true);
        Section.Context context = new Section.Context(cloud, s3, backend, report, settings, meter, out);
        UploadBench uploads = new UploadBench(context);
        uploads.profileS3Proxy(s3Pid);
        ProcessorBench processors = new ProcessorBench(context);
        Path ric = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolveSibling("ric");
        PackagedBench packaged = new PackagedBench(context, Path.of(opts.get("packaged")), ric);

        byte[] fourMib = Payloads.bytes(4 * Payloads.MIB, 4);
        byte[] tenKib = Payloads.bytes(10 * Payloads.KIB, 10);
        Payloads.Multipart fourMibForm = Payloads.Multipart.of(fourMib, "large.bin", "benchmark 4 MiB");
        Payloads.Multipart tenKibForm = Payloads.Multipart.of(tenKib, "small.bin", "benchmark 10 KiB");
        ProcessorBench.StoredObject small10k = null;
        ProcessorBench.StoredObject small = null;
        ProcessorBench.StoredObject large = null;

        failed |= section(report, "Local pipeline: upload → PROCESSED",
                () -> new PipelineBench(context).run());

        // From here on nothing needs the pipeline: pause the pipe (SIGSTOP) so that processing the uploads below
        // does not compete with the measurements for the CPUs. It is resumed at the end.
        signal(pipePid, "STOP");
        try {
            small10k = processors.store("bench/objects/10KiB", 10 * Payloads.KIB, 11);
            small = processors.store("bench/objects/1MiB", Payloads.MIB, 12);
            large = processors.store("bench/objects/large", settings.largeBytes(), 13);
            ProcessorBench.StoredObject small10kF = small10k;
            ProcessorBench.StoredObject smallF = small;
            ProcessorBench.StoredObject largeF = large;

            failed |= section(report, "dev-mode RSS after N requests", () -> {
                ProcessorBench.Function dev = processors.devMode(processorPid);
                for (int i = 0; i < settings.packagedRequests(); i++) {
                    ProcessorBench.expectProcessed(dev, processors.record(small10kF));
                }
                report.row("Processor: RSS after " + settings.packagedRequests() + " requests, dev mode",
                        "VmRSS " + Report.mib(Procs.rssKib(processorPid)) + " (VmHWM "
                                + Report.mib(Procs.hwmKib(processorPid)) + ")", "–", "–", "– (figures)", "n/a",
                        "10 KiB objects, sequential; quarkus:dev JVM (also holds the dev-mode build machinery)");
                Op api = uploads.api(tenKibForm);
                for (int i = 0; i < settings.packagedRequests(); i++) {
                    api.run();
                }
                report.row("Upload API: RSS after " + settings.packagedRequests() + " requests, dev mode",
                        "VmRSS " + Report.mib(Procs.rssKib(apiPid)) + " (VmHWM " + Report.mib(Procs.hwmKib(apiPid))
                                + ")", "–", "–", "– (figures)", "n/a",
                        "10 KiB uploads, sequential, after the pipeline row's uploads; quarkus:dev JVM");
            });
            failed |= section(report, "Direct upload 4 MiB, dev mode",
                    () -> uploads.fourMib("dev mode", uploads.api(fourMibForm), fourMib, apiPid, meter));
            failed |= section(report, "Direct upload 10 KiB, dev mode", () -> uploads.tenKib(tenKib));
            failed |= section(report, "Large files (presigned uploads), dev mode",
                    () -> new LargeFileBench(context, uploads).run());
            failed |= section(report, "Processor " + settings.largeLabel() + ", dev mode",
                    () -> processors.run(processors.devMode(processorPid), "dev mode", smallF, largeF, meter));

            double bareJvmMs = PackagedBench.bareJvmStartMs();
            // The C2 variants serve some small events first, so that the JIT has compiled the hot paths.
            int warmUps = Math.max(1, settings.packagedRequests() / 20);
            if (packaged.available("processor")) {
                failed |= section(report, "Processor, packaged JVM", () -> {
                    List<byte[]> events = new ArrayList<>();
                    for (int i = 0; i < settings.packagedRequests(); i++) {
                        events.add(processors.record(small10kF));
                    }
                    try (LambdaRuntime runtime = packaged.startAndServe("processor", "Processor", events,
                            PackagedBench.JVM_FLAGS, bareJvmMs)) {
                        processors.run(ProcessorBench.packaged(runtime), "packaged JVM (C1 only)", smallF, largeF,
                                meter.with("packaged processor JVM", runtime.pid()));
                    }
                });
                failed |= section(report, "Processor, packaged JVM with C2", () -> {
                    List<byte[]> warmUp = new ArrayList<>();
                    for (int i = 0; i < warmUps; i++) {
                        warmUp.add(processors.record(small10kF));
                    }
                    try (LambdaRuntime runtime = packaged.startAndServe("processor", "Processor", warmUp,
                            PackagedBench.JVM_FLAGS_C2, Double.NaN)) {
                        processors.run(ProcessorBench.packaged(runtime), "packaged JVM with C2", smallF, largeF,
                                meter.with("packaged processor JVM", runtime.pid()));
                    }
                });
            } else {
                report.notes.add("The packaged processor was not built; its rows are missing.");
            }
            if (packaged.available("upload-api")) {
                failed |= section(report, "Upload API, packaged JVM", () -> {
                    uploads.refreshToken();
                    byte[] event = ApiEvents.upload(tenKibForm, uploads.token());
                    List<byte[]> events = new ArrayList<>();
                    for (int i = 0; i < settings.packagedRequests(); i++) {
                        events.add(event);
                    }
                    try (LambdaRuntime runtime = packaged.startAndServe("upload-api", "Upload API", events,
                            PackagedBench.JVM_FLAGS, bareJvmMs)) {
                        uploads.fourMib("packaged JVM (C1 only)", uploads.packaged(runtime, fourMibForm), fourMib,
                                runtime.pid(), meter.with("packaged upload API JVM", runtime.pid()));
                    }
                });
                failed |= section(report, "Upload API, packaged JVM with C2", () -> {
                    uploads.refreshToken();
                    try (LambdaRuntime runtime = packaged.startAndServe("upload-api", "Upload API",
                            java.util.Collections.nCopies(warmUps, ApiEvents.upload(tenKibForm, uploads.token())),
                            PackagedBench.JVM_FLAGS_C2, Double.NaN)) {
                        uploads.fourMib("packaged JVM with C2", uploads.packaged(runtime, fourMibForm), fourMib,
                                runtime.pid(), meter.with("packaged upload API JVM", runtime.pid()));
                    }
                });
            } else {
                report.notes.add("The packaged upload API was not built; its rows are missing.");
            }
            try (PeerBench peer = new PeerBench(context, uploads,
                    opts.containsKey("peer") ? Path.of(opts.get("peer")) : null,
                    opts.getOrDefault("python", "/usr/bin/python3"))) {
                failed |= peerSections(report, peer, uploads, packaged, apiPid, warmUps, meter);
            }
        } finally {
            signal(pipePid, "CONT");
        }
        uploads.uploadRetries().forEach((url, n) -> report.notes.add(n + " upload(s) to " + url + " answered 5xx "
                + "(S3Proxy closed a connection mid-request under load) and were sent again; the time is counted in "
                + "their latency."));
        if (uploads.retries() > 0) {
            report.notes.add(uploads.retries() + " raw PutObject attempt(s) failed because S3Proxy closed the connection "
                    + "mid-request (under load, mostly at concurrency 32) and were tried again; the time is counted "
                    + "in their latency.");
        }

        long minutes = ChronoUnit.SECONDS.between(started, Instant.now());
        List<String> header = new ArrayList<>();
        header.add("## " + started.truncatedTo(ChronoUnit.SECONDS) + " · `" + opts.get("command") + "`");
        header.add("");
        header.add("- Machine: " + cpuModel() + ", `nproc` " + Runtime.getRuntime().availableProcessors() + "; "
                + memoryAtStart + " (at the harness's start); " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version"));
        header.add("- Load (`uptime`): before the cloud started: " + opts.getOrDefault("uptime", "?")
                + "; after the run: {{UPTIME_END}}. Other work shared the 2 CPUs; compare ratios, not absolute figures.");
        header.add("- Code measured: commit " + opts.getOrDefault("commit", "?") + " (a snapshot of HEAD; the "
                + "working tree's edits cannot reach the run). Duration: {{DURATION}} in all, of which "
                + minutes / 60 + " min " + minutes % 60 + " s of measurements.");
        header.add("- Functions: **dev mode** = `quarkus:dev` JVMs as `local/start` runs them (the API behind Quarkus' "
                + "mock event server, which turns HTTP into API Gateway events); **packaged JVM** = "
                + "the runner jar (`target/*-runner.jar` + `lib/`, what a JVM Lambda would run) with its handler `"
                + "QuarkusStreamHandler`, started by AWS's runtime interface client against the harness's Lambda "
                + "Runtime API stand-in, with `" + String.join(" ", PackagedBench.JVM_FLAGS) + "` (Lambda-like: "
                + "the Java 17+ managed runtimes stop at C1; 512 MB as in sam/template.yaml), and again \"with C2\" "
                + "(`" + String.join(" ", PackagedBench.JVM_FLAGS_C2) + "`). The dev-mode upload API's JIT, from its "
                + "command line: " + devModeJit(apiPid) + "; without C2 the JDK's SHA-256 intrinsics are off. The "
                + "deployed functions are native executables, which cannot be built here (no GraalVM).");
        header.add("- Repetitions: uploads " + settings.rounds() + " rounds of A/B blocks; processor "
                + settings.largeRounds() + " A/B rounds on " + settings.largeLabel() + "; pipeline "
                + settings.pipelineFiles() + " files; " + settings.packagedRequests() + " requests per function "
                + "for RSS. Medians of blocks; latency percentiles by nearest rank over all operations.");
        Files.writeString(out.resolve("section.md"), report.markdown(header), StandardCharsets.UTF_8);
        System.out.println("[bench] wrote " + out.resolve("section.md"));
        System.exit(failed ? 1 : 0);
    }

    /**
     * The sections of issue 11 (names start with "Peer", so {@code --only peer} runs them alone): our upload API in
     * dev mode, as the packaged JVM with C1 only and with C2, each against the reference peer (bench/peer).
     */
    private static boolean peerSections(Report report, PeerBench peer, UploadBench uploads, PackagedBench packaged,
            long apiPid, int warmUps, CpuMeter meter) {
        if (!peer.available()) {
            report.notes.add("The reference peer's Debian packages were missing (bench/run said which); the rows "
                    + "against it are missing.");
            return false;
        }
        boolean failed = section(report, "Peer: dev mode vs FastAPI + boto3", () -> {
            uploads.refreshToken();
            peer.compare(new PeerBench.Ours("dev mode", uploads::api, "upload API JVM", apiPid), meter);
        });
        if (!packaged.available("upload-api")) {
            report.notes.add("The packaged upload API was not built; its rows against the reference peer are missing.");
        } else {
            for (List<String> flags : List.of(PackagedBench.JVM_FLAGS, PackagedBench.JVM_FLAGS_C2)) {
                String label = flags.equals(PackagedBench.JVM_FLAGS) ? "packaged JVM (C1 only)" : "packaged JVM with C2";
                failed |= section(report, "Peer: " + label + " vs FastAPI + boto3", () -> {
                    uploads.refreshToken();
                    byte[] warmUp = ApiEvents.upload(peer.forms().get(0), uploads.token());
                    try (LambdaRuntime runtime = packaged.startAndServe("upload-api", "Upload API",
                            java.util.Collections.nCopies(warmUps, warmUp), flags, Double.NaN)) {
                        peer.compare(new PeerBench.Ours(label, form -> uploads.packaged(runtime, form),
                                "packaged upload API JVM", runtime.pid()), meter);
                    }
                });
            }
        }
        if (peer.measured()) {
            report.summaries.add(peer.goalsTable());
        }
        return failed;
    }

    /** Runs one section; a failure becomes an "error" row and the run goes on. */
    private static boolean section(Report report, String name, Op body) {
        if (only != null && !name.toLowerCase(java.util.Locale.ROOT).contains(only)) {
            return false;
        }
        System.out.println("[bench] " + name + "…");
        int rows = report.rows.size();
        for (int attempt = 1;; attempt++) {
            try {
                body.run();
                return false;
            } catch (Exception | Error e) {
                e.printStackTrace();
                if (attempt == 1 && String.valueOf(e.getMessage()).startsWith("no response from the function")) {
                    // A packaged function that stopped answering (its thread dump is in its log): start over once.
                    report.notes.add(name + ": the first attempt timed out (" + e.getMessage() + "); run again.");
                    report.rows.subList(rows, report.rows.size()).clear();
                    continue;
                }
                report.row(name, "error: " + e, "–", "–", "–", "error", "the harness could not complete this row");
                return true;
            }
        }
    }

    /** Which JIT a JVM runs with, from its command line: C1 only when it has -XX:TieredStopAtLevel=1. */
    static String devModeJit(long pid) {
        java.util.Optional<String[]> args = pid > 0 ? ProcessHandle.of(pid).flatMap(p -> p.info().arguments())
                : java.util.Optional.empty();
        if (args.isEmpty()) {
            return "unknown (its command line cannot be read)";
        }
        String last = null;
        for (String arg : args.get()) {
            if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                last = arg;
            }
        }
        return last == null || last.endsWith("=4") ? "full (C1 and C2, no `-XX:TieredStopAtLevel`)"
                : "C1 only (`" + last + "`)";
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        if (pid > 0) {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor(10,
                    TimeUnit.SECONDS);
        }
    }

    private static String cpuModel() throws IOException {
        return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    }

    private static String memory() throws IOException {
        Map<String, Long> kib = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            String[] f = line.split(":\\s+");
            kib.put(f[0], Long.parseLong(f[1].split(" ")[0]));
        }
        return String.format(java.util.Locale.ROOT, "%.1f GiB RAM, %.1f GiB free, %.1f GiB available",
                kib.get("MemTotal") / 1048576.0, kib.get("MemFree") / 1048576.0, kib.get("MemAvailable") / 1048576.0);
    }
}
