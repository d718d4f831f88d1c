package com.s3dynamopipe.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Facts about local processes from Linux's /proc (proc(5)): who listens on a port, resident memory, CPU time.
 * Memory figures are KiB as /proc/<pid>/status reports them; CPU time is in clock ticks of 1/100 s (USER_HZ).
 */
final class Procs {

    /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat on every Linux architecture we run on. */
    static final double TICKS_PER_SECOND = 100.0;

    private Procs() {
    }

    /** The process listening on a TCP port (IPv4 or IPv6), if it belongs to a user we may inspect. */
    static Optional<Long> listeningOn(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && "0A".equals(f[3]) && f[1].endsWith(":" + String.format("%04X", port))) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            } catch (IOException e) {
                // no such table (IPv6 off)
            }
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                                return Optional.of(Long.parseLong(proc.getFileName().toString()));
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException e) {
                    // gone, or not ours
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return Optional.empty();
    }

    /** The first process whose command line contains every fragment. */
    static Optional<Long> withCommandLine(String... fragments) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> {
                    for (String f : fragments) {
                        if (!c.contains(f)) {
                            return false;
                        }
                    }
                    return true;
                }).orElse(false))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    /** A field of /proc/<pid>/status in KiB (VmRSS: resident now, VmHWM: the peak so far); -1 if gone. */
    static long statusKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static long rssKib(long pid) {
        return statusKib(pid, "VmRSS");
    }

    static long hwmKib(long pid) {
        return statusKib(pid, "VmHWM");
    }

    /** User + system CPU time of the process (all its threads) in ticks; -1 if gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is f[0]; utime and stime are fields 14 and 15 of stat, i.e. f[11], f[12]
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Samples VmRSS of one process every 20 ms on a daemon thread until closed; keeps the maximum. */
    static final class RssPeak implements AutoCloseable {
        private final long pid;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peakKib;

        RssPeak(long pid) {
            this.pid = pid;
            this.peakKib = rssKib(pid);
            this.thread = new Thread(this::loop, "rss-" + pid);
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (running) {
                peakKib = Math.max(peakKib, rssKib(pid));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The largest VmRSS seen so far, KiB. */
        long peakKib() {
            return Math.max(peakKib, rssKib(pid));
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
