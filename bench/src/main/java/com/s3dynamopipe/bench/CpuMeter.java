package com.s3dynamopipe.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds spent by each named process of the cloud between two points, from /proc/<pid>/stat. On a shared
 * machine this says where a path's time goes (our JVM, the emulators, the harness) better than wall time does.
 */
final class CpuMeter {

    private final Map<String, Long> pids;

    /** @param pids process name (for the report) to pid */
    CpuMeter(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    CpuMeter with(String name, long pid) {
        CpuMeter copy = new CpuMeter(pids);
        copy.pids.put(name, pid);
        return copy;
    }

    /** A reading of every process's CPU ticks now. */
    Map<String, Long> read() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, Procs.cpuTicks(pid)));
        return ticks;
    }

    /** Seconds of CPU per process from {@code before} to now, added into {@code sum}. */
    void addSince(Map<String, Long> before, Map<String, Double> sum) {
        Map<String, Long> now = read();
        before.forEach((name, t0) -> {
            long t1 = now.getOrDefault(name, -1L);
            if (t0 >= 0 && t1 >= 0) {
                sum.merge(name, (t1 - t0) / Procs.TICKS_PER_SECOND, Double::sum);
            }
        });
    }

    /** "api 1.2 s, s3proxy 0.8 s, …" per unit (e.g. per upload in ms), largest first, omitting idle processes. */
    static String describe(Map<String, Double> seconds, double units, String unitLabel) {
        StringBuilder out = new StringBuilder();
        seconds.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .filter(e -> e.getValue() > 0.005)
                .forEach(e -> {
                    if (out.length() > 0) {
                        out.append(", ");
                    }
                    out.append(e.getKey()).append(' ').append(Report.num(e.getValue() * 1000 / units)).append(' ')
                            .append(unitLabel);
                });
        return out.length() == 0 ? "–" : out.toString();
    }
}
