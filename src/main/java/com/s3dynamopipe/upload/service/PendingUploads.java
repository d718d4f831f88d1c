package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.PendingUploadStore;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.FileIds;
import com.s3dynamopipe.upload.domain.PendingUpload;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the caller's pending presigned uploads and keeps their deadline: an upload past it can be aborted but no
 * longer resumed or completed, and no URL outlives it.
 */
@ApplicationScoped
public class PendingUploads {

    private final PendingUploadStore store;
    private final AppConfig.Presigned limits;
    private final Clock clock;

    /**
     * @param store  the pending upload records in S3
     * @param config application configuration ({@code app.presigned.*})
     * @param clock  the clock deadlines are read against
     */
    public PendingUploads(PendingUploadStore store, AppConfig config, Clock clock) {
        this.store = store;
        this.limits = config.presigned();
        this.clock = clock;
    }

    /**
     * @return the caller's pending upload, also one past its deadline
     * @throws ProblemException {@code not_found} (404) for a malformed id or no such pending upload of this caller
     */
    public PendingUpload find(String ownerId, String fileId) {
        return findOr(ownerId, fileId, ProblemException::notFound);
    }

    /**
     * @param missing the problem to throw when a well-formed id has no pending upload of this caller
     * @return the caller's pending upload, also one past its deadline
     * @throws ProblemException {@code not_found} (404) for a malformed id, else {@code missing}'s
     */
    public PendingUpload findOr(String ownerId, String fileId, Supplier<ProblemException> missing) {
        return lookUp(ownerId, fileId).orElseThrow(missing);
    }

    /**
     * @return the caller's pending upload, if its deadline has not passed
     * @throws ProblemException {@code not_found} (404), {@code upload_expired} (410, with {@code deadline})
     */
    public PendingUpload unexpired(String ownerId, String fileId) {
        return findUnexpired(ownerId, fileId).orElseThrow(ProblemException::notFound);
    }

    /**
     * @return the caller's pending upload if its deadline has not passed; empty when a well-formed id has no pending
     *     upload of this caller (never started, aborted, or completed)
     * @throws ProblemException {@code not_found} (404) for a malformed id, {@code upload_expired} (410, with
     *                          {@code deadline}) past the deadline
     */
    public Optional<PendingUpload> findUnexpired(String ownerId, String fileId) {
        Optional<PendingUpload> found = lookUp(ownerId, fileId);
        if (found.isPresent()) {
            Instant deadline = deadline(found.get());
            if (!Instant.now(clock).isBefore(deadline)) {
                throw expired(deadline);
            }
        }
        return found;
    }

    /** The caller's pending upload record, if any; a malformed id is {@code not_found} (404) before any lookup. */
    private Optional<PendingUpload> lookUp(String ownerId, String fileId) {
        if (!FileIds.isValid(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        return store.find(ownerId, fileId);
    }

    /** @return the instant after which the upload is expired */
    public Instant deadline(PendingUpload pending) {
        return pending.deadline(limits.uploadDeadline());
    }

    /**
     * The URL lifetime: the configured one, but never past the upload's deadline. URLs expire in whole seconds
     * counted from the signer's clock, so a second is kept in hand; with less than that left the upload is expired.
     *
     * @throws ProblemException {@code upload_expired} (410) with less than a second left
     */
    public Duration urlTtl(PendingUpload pending) {
        Instant deadline = deadline(pending);
        Duration left = Duration.between(Instant.now(clock), deadline)
                .truncatedTo(ChronoUnit.SECONDS)
                .minusSeconds(1);
        if (left.compareTo(Duration.ofSeconds(1)) < 0) {
            throw expired(deadline);
        }
        return limits.uploadUrlTtl().compareTo(left) < 0 ? limits.uploadUrlTtl() : left;
    }

    private static ProblemException expired(Instant deadline) {
        return new ProblemException(
                410,
                "upload_expired",
                "This upload was not completed before its deadline " + deadline + "; start a new upload.",
                Map.of("deadline", deadline.toString()));
    }
}
