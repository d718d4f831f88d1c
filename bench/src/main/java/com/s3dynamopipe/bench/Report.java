package com.s3dynamopipe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results of one run, rendered as the Markdown section bench/run appends to docs/benchmarks.md. */
final class Report {

    /** One line of the results table; {@code result} is "met", "missed", "n/a" (no goal) or "not yet". */
    record Row(String row, String measured, String limit, String ratio, String goal, String result, String why) {
    }

    final List<Row> rows = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> cpu = new ArrayList<>();
    final List<String> profiles = new ArrayList<>();
    /** Markdown blocks (each with its own heading line) printed right after the results table. */
    final List<String> summaries = new ArrayList<>();

    void row(String row, String measured, String limit, String ratio, String goal, String result, String why) {
        rows.add(new Row(row, measured, limit, ratio, goal, result, why));
        System.out.printf("[bench] %s: %s | limit %s | ratio %s | goal %s | %s %s%n", row, measured, limit, ratio,
                goal, result, why);
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, pattern, v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
    }

    static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    /** The table and the notes, headed by {@code header} lines. */
    String markdown(List<String> header) {
        StringBuilder md = new StringBuilder();
        header.forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        md.append("| row | measured | limit (same run) | ratio | goal | result | why |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", cell(r.row()), cell(r.measured()), cell(r.limit()),
                    cell(r.ratio()), cell(r.goal()), cell(r.result()), cell(r.why()))).append(" |\n");
        }
        summaries.forEach(block -> md.append('\n').append(block));
        if (!cpu.isEmpty()) {
            md.append("\nCPU time by process (from /proc/<pid>/stat, all repetitions; shows whose time a path spends):\n\n");
            cpu.forEach(line -> md.append("- ").append(line).append('\n'));
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(line -> md.append("- ").append(line).append('\n'));
        }
        if (!profiles.isEmpty()) {
            md.append("\nProfiles of the missed goals (Java Flight Recorder, `jcmd <pid> JFR.start`, execution samples):\n\n");
            profiles.forEach(block -> md.append(block).append('\n'));
        }
        return md.toString();
    }

    private static String cell(String s) {
        return s == null || s.isEmpty() ? "–" : s.replace("|", "\\|").replace("\n", " ");
    }
}
