package com.s3dynamopipe.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Alternating measurement: a path and its limit run in turns (A B A B …), each turn a block of {@code n}
 * operations by {@code concurrency} clients, so drifts in the machine's load hit both alike.
 */
final class Blocks {

    /** Per path: operations per second of every block, every operation's latency in ms, CPU seconds by process. */
    static final class Series {
        final List<Double> rates = new ArrayList<>();
        final List<Double> latenciesMs = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Double> cpu = new LinkedHashMap<>();
        int operations;

        double medianRate() {
            return Stats.median(rates);
        }

        double p(double percentile) {
            return Stats.percentile(new ArrayList<>(latenciesMs), percentile);
        }
    }

    private Blocks() {
    }

    /** One block: {@code n} operations by {@code concurrency} clients; adds its rate, latencies and CPU to the series. */
    static void block(Op op, int n, int concurrency, Series into, CpuMeter meter) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        try {
            Map<String, Long> cpu0 = meter.read();
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                done.add(clients.submit(() -> {
                    long s = System.nanoTime();
                    op.run();
                    into.latenciesMs.add((System.nanoTime() - s) / 1e6);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            meter.addSince(cpu0, into.cpu);
            into.rates.add(n / seconds);
            into.operations += n;
        } finally {
            clients.shutdownNow();
        }
    }

    /** {@code rounds} × (block of A, block of B). */
    static void alternate(Op a, Series sa, Op b, Series sb, int rounds, int n, int concurrency, CpuMeter meter)
            throws Exception {
        for (int r = 0; r < rounds; r++) {
            block(a, n, concurrency, sa, meter);
            block(b, n, concurrency, sb, meter);
        }
    }
}
