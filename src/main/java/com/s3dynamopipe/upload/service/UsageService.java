package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.aws.UsageClaims;
import com.s3dynamopipe.upload.aws.UsageTable;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.Reservation;
import com.s3dynamopipe.upload.domain.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Per-user quotas (docs/design.md, "Quotas" and "Races"); the claims that serialise the operations on one upload are
 * {@link UploadClaims}.
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
    private final UsageClaims claims;
    private final AppConfig.Quota limits;
    private final Clock clock;
    private final UsageLedger ledger;
    private final QuotaLimits quotaLimits;

    /**
     * @param usage      the usage item adapter
     * @param claims     ends open reservations (aborts, failed starts)
     * @param ledger     reads usage items and settles stale reservations
     * @param config     application configuration ({@code app.quota.*})
     * @param clock      the clock leases and deadlines are read against
     */
    public UsageService(UsageTable usage, UsageClaims claims, UsageLedger ledger, AppConfig config, Clock clock) {
        this.clock = clock;
        this.usage = usage;
        this.claims = claims;
        this.ledger = ledger;
        this.limits = config.quota();
        this.quotaLimits = new QuotaLimits(limits);
    }

    /**
     * Reserves a direct upload ({@code POST /upload}) before its object is stored: the reservation is claimed by
     * this request from the start, for {@code app.quota.claim-lease}.
     *
     * @param bytes the file's size
     * @return the claim to {@link UploadClaims#commit} once the item is written, or to {@link UploadClaims#release} on
     *     failure
     * @throws ProblemException {@code quota_exceeded} (409) over the bytes or files limit
     */
    public UploadClaims.Claim reserveDirect(String ownerId, String fileId, long bytes) {
        Instant lease = now().plus(limits.claimLease());
        String token = UUID.randomUUID().toString();
        reserve(ownerId, new Reservation(fileId, lease, bytes, Reservation.COMPLETING, token, lease), false);
        return new UploadClaims.Claim(ownerId, fileId, token, bytes);
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
            claims.releaseOpen(ownerId, fileId, bytes, null);
        } catch (StorageException e) {
            LOG.warnf(
                    "Upload %s: its reservation could not be released (settled after its deadline): %s",
                    fileId, e.getMessage());
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
            Reservation reservation = ledger.reservation(ownerId, fileId);
            if (reservation == null) {
                return;
            }
            if (Reservation.OPEN.equals(reservation.state())) {
                if (claims.releaseOpen(ownerId, fileId, reservation.bytes(), null)) {
                    return;
                }
            } else if (!reservation.stale(now())) {
                throw UploadClaims.completing(fileId);
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

    private Instant now() {
        return Instant.now(clock);
    }
}
