package com.s3dynamopipe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Profiles a running JVM with Java Flight Recorder (in the JDK: {@code jcmd <pid> JFR.start}, {@code jfr print})
 * while a workload runs, and summarises its execution samples: by thread, by category (first matching pattern over
 * the whole stack) and the hottest frames.
 */
final class Jfr {

    /** The workload to profile. */
    @FunctionalInterface
    interface Workload {
        void run() throws Exception;
    }

    /** A profile: the Markdown block for the report and the largest categories, for a table cell. */
    record Profile(String markdown, String topCategories) {
    }

    private Jfr() {
    }

    /**
     * @param categories label → regular expression searched in the stack's frames, in order; the first label whose
     *                   pattern occurs in a sample's stack gets the sample
     * @return the summary (a one-line note if JFR could not attach)
     */
    static Profile profile(long pid, String title, Path file, Map<String, String> categories, Workload workload)
            throws Exception {
        String name = "bench" + System.nanoTime();
        jcmd(pid, "JFR.configure", "stackdepth=256");
        if (!jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "filename=" + file)) {
            workload.run();
            return new Profile("- " + title + ": JFR could not attach to pid " + pid + ".\n", "no profile");
        }
        try {
            workload.run();
        } finally {
            jcmd(pid, "JFR.stop", "name=" + name);
        }
        return summarise(title, file, categories);
    }

    private static boolean jcmd(long pid, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool("jcmd"), String.valueOf(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.contains("Could not");
        if (!ok) {
            System.out.println("[bench] jcmd " + String.join(" ", args) + ": " + out.trim());
        }
        return ok;
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static Profile summarise(String title, Path file, Map<String, String> categories) throws IOException {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        categories.forEach((label, regex) -> patterns.put(label, Pattern.compile(regex)));
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byCategory = new LinkedHashMap<>();
        Map<String, Integer> selfFrames = new HashMap<>();
        Map<String, Integer> ourFrames = new HashMap<>();
        int samples = 0;
        Process p = new ProcessBuilder(tool("jfr"), "print", "--events", "jdk.ExecutionSample", "--stack-depth", "256",
                file.toString()).redirectErrorStream(true).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String thread = "?";
            List<String> frames = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String t = line.trim();
                if (t.startsWith("sampledThread = ")) {
                    thread = t.substring("sampledThread = ".length()).replaceAll(" \\(javaThreadId.*", "")
                            .replace("\"", "").replaceAll("-\\d+$", "-N").replaceAll("\\d+$", "N");
                } else if (t.equals("stackTrace = [")) {
                    frames = new ArrayList<>();
                } else if (frames != null && t.equals("]")) {
                    samples++;
                    byThread.merge(thread, 1, Integer::sum);
                    String stack = String.join("\n", frames);
                    String category = "other";
                    for (Map.Entry<String, Pattern> c : patterns.entrySet()) {
                        if (c.getValue().matcher(stack).find()) {
                            category = c.getKey();
                            break;
                        }
                    }
                    byCategory.merge(category, 1, Integer::sum);
                    if (!frames.isEmpty()) {
                        selfFrames.merge(frames.get(0), 1, Integer::sum);
                    }
                    Set<String> seen = new HashSet<>();
                    for (String f : frames) {
                        if (f.startsWith("com.s3dynamopipe.") && seen.add(f)) {
                            ourFrames.merge(f, 1, Integer::sum);
                        }
                    }
                    frames = null;
                } else if (frames != null && !t.equals("...")) {
                    frames.add(t.replaceAll("\\(.*", "").trim());
                }
            }
        }
        try {
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StringBuilder md = new StringBuilder();
        md.append("- ").append(title).append(": ").append(samples).append(" samples (recording `")
                .append(file.getFileName()).append("`, not committed)\n");
        md.append("  - by category: ").append(top(byCategory, samples, 12)).append('\n');
        md.append("  - by thread: ").append(top(byThread, samples, 6)).append('\n');
        md.append("  - hottest frames (self): ").append(top(selfFrames, samples, 8)).append('\n');
        if (!ourFrames.isEmpty()) {
            md.append("  - our code on the stack (inclusive): ").append(top(ourFrames, samples, 6)).append('\n');
        }
        return new Profile(md.toString(), top(byCategory, samples, 3).replace("`", ""));
    }

    private static String top(Map<String, Integer> counts, int total, int n) {
        StringBuilder out = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(n).forEach(e -> {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append('`').append(e.getKey()).append("` ").append(Math.round(100.0 * e.getValue() / Math.max(1, total)))
                    .append(" %");
        });
        return out.toString();
    }
}
