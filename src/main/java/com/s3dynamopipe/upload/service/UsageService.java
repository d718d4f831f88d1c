package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.aws.UsageTable;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.Reservation;
import com.s3dynamopipe.upload.domain.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Per-user quotas and the claims that serialise the operations on one upload (docs/design.md, "Quotas" and "Races").
 * Every upload reserves its bytes and one file in the owner's usage item before anything is stored (the direct path
 * before its PutObject, the presigned path at {@code POST /uploads}); the reservation is released when the upload
 * fails, is aborted or expires, and turned into stored usage when its item is written. The reservation of an
 * unfinished presigned upload is also its claim: {@code complete} moves it {@code open → completing} and
 * {@code DELETE /uploads/{id}} removes it only while it is {@code open}, so that of two concurrent requests exactly
 * one goes on. Reservations past their deadline or lease are settled by {@link UsageLedger}.
 */
@ApplicationScoped
public class UsageService {

    private static final Logger LOG = Logger.getLogger(UsageService.class);
    /** Rounds of (reserve, look, settle) before a reservation gives up under contention. */
    private static final int ATTEMPTS = 5;

    private final UsageTable usage;
    private final FileTable files;
    private final AppConfig.Quota limits;
    private final Clock clock;
    private final UsageLedger ledger;
    private final QuotaLimits quotaLimits;

    /**
     * A claim on one upload, held by this request until it commits, releases or reopens it.
     *
     * @param ownerId the owner's {@code sub}
     * @param fileId  the upload's file id
     * @param token   the claim token written into the reservation
     * @param bytes   the reserved bytes
     */
    public record Claim(String ownerId, String fileId, String token, long bytes) {}

    /**
     * @param usage      the usage item adapter
     * @param files      the file items (whether a claimed upload became a file)
     * @param ledger     reads usage items and settles stale reservations
     * @param config     application configuration ({@code app.quota.*})
     * @param clock      the clock leases and deadlines are read against
     */
    public UsageService(UsageTable usage, FileTable files, UsageLedger ledger, AppConfig config, Clock clock) {
        this.clock = clock;
        this.usage = usage;
        this.files = files;
        this.ledger = ledger;
        this.limits = config.quota();
        this.quotaLimits = new QuotaLimits(limits);
    }

    /**
     * Reserves a direct upload ({@code POST /upload}) before its object is stored: the reservation is claimed by
     * this request from the start, for {@code app.quota.claim-lease}.
     *
     * @param bytes the file's size
     * @return the claim to {@link #commit} once the item is written, or to {@link #release} on failure
     * @throws ProblemException {@code quota_exceeded} (409) over the bytes or files limit
     */
    public Claim reserveDirect(String ownerId, String fileId, long bytes) {
        Instant lease = now().plus(limits.claimLease());
        String token = UUID.randomUUID().toString();
        reserve(ownerId, new Reservation(fileId, lease, bytes, Reservation.COMPLETING, token, lease), false);
        return new Claim(ownerId, fileId, token, bytes);
    }

    /**
     * Reserves an unfinished presigned upload ({@code POST /uploads}) until its deadline.
     *
     * @throws ProblemException {@code quota_exceeded} (409) over the bytes, files or unfinished uploads limit
     */
    public void reservePending(String ownerId, String fileId, long bytes, Instant deadline) {
        reserve(ownerId, new Reservation(fileId, deadline, bytes, Reservation.OPEN, null, null), true);
    }

    /**
     * Gives back the reservation of a presigned upload that could not be started (S3 failed). Failures are logged:
     * the reservation is then settled when its deadline has passed.
     */
    public void releasePending(String ownerId, String fileId, long bytes) {
        try {
            usage.releaseOpen(ownerId, fileId, bytes, null);
        } catch (StorageException e) {
            LOG.warnf(
                    "Upload %s: its reservation could not be released (settled after its deadline): %s",
                    fileId, e.getMessage());
        }
    }

    /**
     * Claims an unfinished presigned upload for {@code complete}: only one request at a time can hold it, and an
     * aborted or expired upload cannot be claimed.
     *
     * @param bytes the upload's announced size (its reservation)
     * @return the claim, or empty if the upload has become a file meanwhile (answer that file)
     * @throws ProblemException {@code upload_completing} (409: another request is completing it),
     *                          {@code upload_expired} (410), {@code not_found} (404: aborted, or started before
     *                          quotas existed)
     */
    public Optional<Claim> claim(String ownerId, String fileId, long bytes) {
        String token = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = now();
            if (usage.claim(ownerId, fileId, token, now, now.plus(limits.claimLease()))) {
                return Optional.of(new Claim(ownerId, fileId, token, bytes));
            }
            if (files.find(ownerId, fileId).isPresent()) {
                return Optional.empty();
            }
            Reservation reservation = reservation(ownerId, fileId);
            if (reservation == null) {
                // Released by an abort or an expiry, which no file can follow any more: look once more for the file
                // a completion may have committed just before.
                if (files.find(ownerId, fileId).isPresent()) {
                    return Optional.empty();
                }
                throw ProblemException.notFound();
            }
            if (Reservation.OPEN.equals(reservation.state()) && !now().isBefore(reservation.deadline())) {
                throw new ProblemException(
                        410,
                        "upload_expired",
                        "This upload was not completed before its " + "deadline " + reservation.deadline()
                                + "; start a new upload.",
                        Map.of("deadline", reservation.deadline().toString()));
            }
            if (Reservation.COMPLETING.equals(reservation.state()) && !reservation.stale(now())) {
                throw completing(fileId);
            }
            // A lease that ran out between the two looks: try again.
        }
        throw new StorageException("DynamoDB UpdateItem (usage: claim) kept failing its condition", true, null);
    }

    /** The claimed upload became a file: its reservation becomes stored usage. Failures are only logged. */
    public void commit(Claim claim) {
        quietly(
                claim,
                "committed (settled after the claim's lease)",
                () -> usage.commit(claim.ownerId(), claim.fileId(), claim.token()));
    }

    /** The claimed upload did not become a file and is gone: its reservation is given back. Failures are logged. */
    public void release(Claim claim) {
        quietly(
                claim,
                "released (settled after the claim's lease)",
                () -> usage.release(claim.ownerId(), claim.fileId(), claim.token(), claim.bytes()));
    }

    /** The claimed upload stays unfinished (it may be completed or aborted later). Failures are logged. */
    public void reopen(Claim claim) {
        quietly(
                claim,
                "given back (the claim lapses after its lease)",
                () -> usage.reopen(claim.ownerId(), claim.fileId(), claim.token()));
    }

    /**
     * Ends a claim; a storage failure is only logged: the claim's lease then runs out, and whoever needs the usage
     * next settles the reservation exactly (committed if the file item exists, released if not).
     */
    private static void quietly(Claim claim, String outcome, Runnable end) {
        try {
            end.run();
        } catch (StorageException e) {
            LOG.warnf("Upload %s: its reservation could not be %s: %s", claim.fileId(), outcome, e.getMessage());
        }
    }

    /**
     * Ends the reservation of an unfinished upload being aborted (also one past its deadline). Returns normally when
     * the reservation is gone, by this call or before; the caller must then check that no file was completed
     * before it deletes anything.
     *
     * @throws ProblemException {@code upload_completing} (409) while another request completes it,
     *                          {@code already_completed} (409) if it became a file
     */
    public void endForAbort(String ownerId, String fileId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Reservation reservation = reservation(ownerId, fileId);
            if (reservation == null) {
                return;
            }
            if (Reservation.OPEN.equals(reservation.state())) {
                if (usage.releaseOpen(ownerId, fileId, reservation.bytes(), null)) {
                    return;
                }
            } else if (!reservation.stale(now())) {
                throw completing(fileId);
            } else if (ledger.settle(ownerId, reservation)) {
                return;
            }
        }
        throw new StorageException("DynamoDB UpdateItem (usage: abort) kept failing its condition", true, null);
    }

    /**
     * A stored file's item was deleted (by this request: its DeleteItem returned the old item): its bytes and file
     * leave the counters. A failure is logged as an error (the counters then count the file until ops/reconcile's
     * drift report is acted on).
     */
    public void fileDeleted(String ownerId, String fileId, long bytes) {
        try {
            usage.fileDeleted(ownerId, bytes);
        } catch (StorageException e) {
            LOG.errorf(
                    "File %s: deleted, but its %d bytes could not be taken off the usage counters: %s",
                    fileId, bytes, e.getMessage());
        }
    }

    private void reserve(String ownerId, Reservation reservation, boolean countsAsPending) {
        int maxReservations = countsAsPending ? limits.maxPendingUploads() : -1;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (usage.reserve(ownerId, reservation, limits.maxBytes(), limits.maxFiles(), maxReservations)) {
                return;
            }
            Usage current = ledger.current(ownerId);
            if (ledger.settleStale(ownerId, current) > 0) {
                continue;
            }
            ProblemException exceeded = quotaLimits.exceeded(current, reservation.bytes(), countsAsPending);
            if (exceeded != null) {
                throw exceeded;
            }
            // Room again: a concurrent request released some since the condition failed.
        }
        throw new StorageException("DynamoDB UpdateItem (usage: reserve) kept failing its condition", true, null);
    }

    private Reservation reservation(String ownerId, String fileId) {
        return usage.find(ownerId).map(u -> u.reservations().get(fileId)).orElse(null);
    }

    private static ProblemException completing(String fileId) {
        return new ProblemException(
                409,
                "upload_completing",
                "This upload is being completed by another request; " + "ask again in a moment (GET /files/" + fileId
                        + " shows the file once it exists).",
                Map.of());
    }

    private Instant now() {
        return Instant.now(clock);
    }
}
