package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.Reservation;
import com.s3dynamopipe.upload.domain.Usage;
import com.s3dynamopipe.upload.dto.UsageView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-user quotas ({@code app.quota.*}) as rules over a usage item: which limit a new reservation breaks, and
 * the usage and limits {@code GET /usage} shows. Plain logic, no I/O.
 */
final class QuotaLimits {

    private final AppConfig.Quota limits;

    /** @param limits the configured quotas */
    QuotaLimits(AppConfig.Quota limits) {
        this.limits = limits;
    }

    /**
     * @param current the owner's usage, stale reservations already settled
     * @return the usage and limits {@code GET /usage} answers
     */
    UsageView view(Usage current) {
        long pendingBytes = current.reservations().values().stream()
                .mapToLong(Reservation::bytes)
                .sum();
        return new UsageView(
                new UsageView.Usage(
                        current.usedBytes(),
                        current.usedFiles(),
                        current.reservations().size(),
                        pendingBytes),
                new UsageView.Limits(limits.maxBytes(), limits.maxFiles(), limits.maxPendingUploads()));
    }

    /** @return the problem for the first limit the reservation breaks on this usage, or {@code null} if none */
    ProblemException exceeded(Usage current, long bytes, boolean countsAsPending) {
        if (current.usedBytes() + bytes > limits.maxBytes()) {
            return quotaExceeded(
                    "bytes",
                    limits.maxBytes(),
                    current.usedBytes(),
                    "This upload of " + bytes
                            + " bytes would exceed your quota of " + limits.maxBytes() + " bytes: "
                            + current.usedBytes()
                            + " are stored or reserved. Delete files or abort unfinished uploads first.",
                    Map.of("requestedBytes", bytes));
        }
        if (current.usedFiles() + 1 > limits.maxFiles()) {
            return quotaExceeded(
                    "files",
                    limits.maxFiles(),
                    current.usedFiles(),
                    "You have " + current.usedFiles()
                            + " files stored or reserved, the most your quota allows. Delete files first.",
                    Map.of());
        }
        if (countsAsPending && current.reservations().size() >= limits.maxPendingUploads()) {
            return quotaExceeded(
                    "pendingUploads",
                    limits.maxPendingUploads(),
                    current.reservations().size(),
                    "You have " + current.reservations().size() + " unfinished uploads, the most your quota "
                            + "allows. Complete or abort one first.",
                    Map.of());
        }
        return null;
    }

    private static ProblemException quotaExceeded(
            String quota, long limit, long used, String detail, Map<String, Object> more) {
        Map<String, Object> members = new LinkedHashMap<>(Map.of("quota", quota, "limit", limit, "usage", used));
        members.putAll(more);
        return new ProblemException(409, "quota_exceeded", detail, members);
    }
}
