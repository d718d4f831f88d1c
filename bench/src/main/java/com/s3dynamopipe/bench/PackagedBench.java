package com.s3dynamopipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged JVM functions (the runner jar {@code target/*-runner.jar} with its {@code lib/}, built by bench/run from the measured
 * commit), each started by {@link LambdaRuntime} as Lambda starts a JVM function: JVM start to first handled event,
 * RSS after N requests, and the throughput rows again without the dev-mode machinery.
 */
final class PackagedBench extends Section {

    /**
     * Lambda-like JVM: serial GC, C1 only (the Java 17+ managed runtimes' default, AWS doc "Customize Java runtime
     * startup behavior for Lambda functions") and the function's memory (sam/template.yaml MemorySize: 512).
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:MaxRAM=512m");

    /** The same with the JVM's default tiered compilation (C2 and its SHA-256 intrinsics). */
    static final List<String> JVM_FLAGS_C2 = List.of("-XX:+UseSerialGC", "-XX:MaxRAM=512m");

    /** The handler class Quarkus generates for the managed Java runtime (target/sam.jvm.yaml). */
    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";

    /** The main class of AWS's runtime interface client (aws-lambda-java-runtime-interface-client). */
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Path packagedDir;
    private final Path ricDir;

    /**
     * @param packagedDir one directory per function with its runner jar as {@code run.jar} (bench/run builds them)
     * @param ricDir      the jars of AWS's runtime interface client
     */
    PackagedBench(Context context, Path packagedDir, Path ricDir) {
        super(context);
        this.packagedDir = packagedDir;
        this.ricDir = ricDir;
    }

    boolean available(String function) {
        return Files.isRegularFile(jar(function));
    }

    private Path jar(String function) {
        return packagedDir.resolve(function).resolve("run.jar");
    }

    private Map<String, String> env(String function) {
        Map<String, String> env = new LinkedHashMap<>(cloud.env);
        env.put("WEB_ORIGIN", "http://localhost");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        // bench/run raises the per-user quotas: one bench user stores far more files than the defaults allow.
        for (String quota : new String[] {"QUOTA_MAX_FILES", "QUOTA_MAX_BYTES"}) {
            String value = System.getenv(quota);
            if (value != null) {
                env.put(quota, value);
            }
        }
        return env;
    }

    /** Median wall time of {@code java -version} with the same flags: the JVM's own start, in ms. */
    static double bareJvmStartMs() throws IOException, InterruptedException {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(JVM_FLAGS);
            command.add("-version");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
            times.add((System.nanoTime() - t0) / 1e6);
        }
        return Stats.median(times);
    }

    /**
     * Starts the function with {@code flags}, serves {@code events} one by one and, if {@code bareJvmMs} is a number,
     * reports its start (JVM start to first handled event) and RSS after them; returns the running runtime for more
     * rows (the caller closes it).
     */
    LambdaRuntime startAndServe(String function, String label, List<byte[]> events, List<String> flags,
            double bareJvmMs) throws Exception {
        LambdaRuntime runtime = new LambdaRuntime();
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(flags);
            // The runtime settings of the test profile: emulator endpoints from S3_ENDPOINT/DYNAMODB_ENDPOINT and
            // static test credentials, as the project's integration tests run the packaged application.
            command.add("-Dquarkus.profile=test");
            command.add("-cp");
            command.add(jar(function) + java.io.File.pathSeparator + ricDir.resolve("*"));
            command.add(RIC_MAIN);
            command.add(HANDLER);
            runtime.start(command, env(function), outDir.resolve(function + "-packaged-"
                    + (flags.equals(JVM_FLAGS) ? "c1" : "c2") + ".log"));
            long t0 = runtime.startNanos();
            checkResponse(function, runtime.invoke(events.get(0)));
            double firstMs = (System.nanoTime() - t0) / 1e6;
            double initMs = runtime.initNanos() / 1e6;
            long rssFirst = Procs.rssKib(runtime.pid());
            for (int i = 1; i < events.size(); i++) {
                checkResponse(function, runtime.invoke(events.get(i)));
            }
            long rss = Procs.rssKib(runtime.pid());
            long hwm = Procs.hwmKib(runtime.pid());
            double cpuSeconds = Procs.cpuTicks(runtime.pid()) / Procs.TICKS_PER_SECOND;
            if (Double.isNaN(bareJvmMs)) {
                return runtime;
            }
            report.row(label + ": JVM start → first handled event, packaged JVM",
                    Report.num(firstMs) + " ms (init, until the first /next: " + Report.num(initMs) + " ms)",
                    "bare JVM start (`java -version`) " + Report.num(bareJvmMs) + " ms",
                    Report.ratio(firstMs / bareJvmMs), "– (figures)", "n/a",
                    "one cold start; " + String.join(" ", flags) + "; RSS after the first event "
                            + Report.mib(rssFirst));
            report.row(label + ": RSS after " + events.size() + " requests, packaged JVM",
                    "VmRSS " + Report.mib(rss) + " (VmHWM " + Report.mib(hwm) + ")",
                    "–", "–", "– (figures)", "n/a",
                    "sequential requests; CPU used by the JVM since its start " + Report.num(cpuSeconds) + " s");
            return runtime;
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
    }

    private static void checkResponse(String function, byte[] response) throws IOException {
        JsonNode res = Cloud.JSON.readTree(response);
        if (function.equals("processor")) {
            if (!"PROCESSED".equals(res.path(0).path("outcome").asText())) {
                throw new IllegalStateException("packaged processor: " + res);
            }
        } else if (res.path("statusCode").asInt() != 201) {
            throw new IllegalStateException("packaged upload API: " + res);
        }
    }
}
