package com.s3dynamopipe.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the AWS Lambda Runtime API (AWS doc "Using the Lambda runtime API for custom runtimes":
 * {@code GET /2018-06-01/runtime/invocation/next}, {@code POST …/invocation/{id}/response}, {@code …/error},
 * {@code POST …/init/error}) in front of ONE packaged function JVM, which it starts with
 * {@code AWS_LAMBDA_RUNTIME_API} pointing here, as the Lambda service starts a function of the managed Java
 * runtime: AWS's runtime interface client polls this API and calls the handler class. It lets the packaged jar of
 * a function run outside AWS, where Quarkus' dev/test mock event server does not exist.
 */
final class LambdaRuntime implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";

    private record Invocation(String id, byte[] event, CompletableFuture<byte[]> result) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingDeque<Invocation> queue = new LinkedBlockingDeque<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private volatile String initError;
    private volatile long firstPollNanos;
    private Process process;
    private Path log;
    private long startNanos;

    static {
        // The JDK's HTTP server writes a response's headers and body as separate segments and leaves Nagle's algorithm
        // on by default (sun.net.httpserver.nodelay=false): the body then waits for the client's delayed ACK, tens of
        // ms per invocation, which Lambda's own Runtime API does not add. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    LambdaRuntime() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext(BASE, this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /**
     * Starts the function: {@code command} (a JVM with the runtime interface client and the function's handler),
     * with {@code AWS_LAMBDA_RUNTIME_API} pointing here; its output goes to {@code log}.
     *
     * @param env variables added to this process's environment (the function's configuration)
     */
    void start(List<String> command, Map<String, String> env, Path log) throws IOException {
        this.log = log;
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
        startNanos = System.nanoTime();
        process = pb.start();
    }

    long pid() {
        return process.pid();
    }

    /** Nanoseconds from the JVM's start to its first {@code /next} call (the end of its init phase). */
    long initNanos() {
        return firstPollNanos == 0 ? -1 : firstPollNanos - startNanos;
    }

    long startNanos() {
        return startNanos;
    }

    /** Queues an event; the future completes with the function's response (or fails with its error document). */
    CompletableFuture<byte[]> submit(byte[] event) {
        Invocation inv = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        queue.add(inv);
        return inv.result();
    }

    /**
     * Invokes the function and waits (up to 5 minutes) for its response. On a timeout the function's threads are
     * dumped into its log ({@code jcmd <pid> Thread.print}) before the error is thrown.
     */
    byte[] invoke(byte[] event) throws IOException {
        CompletableFuture<byte[]> result = submit(event);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            try {
                return result.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (initError != null) {
                    throw new IOException("the function failed to initialise: " + initError);
                }
                if (!process.isAlive()) {
                    throw new IOException("the function JVM exited with status " + process.exitValue());
                }
                if (System.nanoTime() > deadline) {
                    dumpThreads();
                    throw new IOException("no response from the function after 5 minutes (thread dump in "
                            + log.getFileName() + ")");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private void dumpThreads() {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.out.println("[bench] no thread dump: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("GET".equals(exchange.getRequestMethod()) && path.equals("invocation/next")) {
                if (firstPollNanos == 0) {
                    firstPollNanos = System.nanoTime();
                }
                Invocation inv = queue.take();
                try {
                    inFlight.put(inv.id(), inv);
                    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", inv.id());
                    exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                            String.valueOf(System.currentTimeMillis() + 900_000));
                    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                            "arn:aws:lambda:us-east-1:000000000000:function:bench");
                    exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                            "Root=1-00000000-000000000000000000000000");
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, inv.event().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(inv.event());
                    }
                } catch (IOException e) {
                    // The client gave up on this /next call: hand the event to its next call instead of losing it.
                    inFlight.remove(inv.id());
                    queue.addFirst(inv);
                    throw e;
                }
                return;
            }
            if (path.equals("init/error")) {
                initError = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            } else if (path.startsWith("invocation/")) {
                String[] parts = path.split("/");
                Invocation inv = inFlight.remove(parts[1]);
                if (inv != null && parts.length > 2 && parts[2].equals("response")) {
                    inv.result().complete(body);
                } else if (inv != null) {
                    inv.result().completeExceptionally(new IOException("function error: "
                            + new String(body, java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
            exchange.sendResponseHeaders(202, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the function JVM (SIGTERM, then SIGKILL after 10 s) and the server. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
