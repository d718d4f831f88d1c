package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.aws.UsageClaims;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.Reservation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The claims that serialise the operations on one upload (docs/design.md, "Races"): the reservation of an unfinished
 * presigned upload is also its claim. {@code complete} moves it {@code open → completing} with a token and a lease,
 * and the holder ends it as stored ({@link #commit}), given back ({@link #release}) or still unfinished
 * ({@link #reopen}); a direct upload's reservation ({@link UsageService#reserveDirect}) is claimed from the start.
 */
@ApplicationScoped
public class UploadClaims {

    private static final Logger LOG = Logger.getLogger(UploadClaims.class);
    /** Rounds of (claim, look) before a claim gives up under contention. */
    private static final int ATTEMPTS = 5;

    private final UsageClaims claims;
    private final FileTable files;
    private final UsageLedger ledger;
    private final AppConfig.Quota limits;
    private final Clock clock;

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
     * @param claims the claims in the usage item
     * @param files  the file items (whether a claimed upload became a file)
     * @param ledger reads the usage item's reservations
     * @param config application configuration ({@code app.quota.claim-lease})
     * @param clock  the clock leases and deadlines are read against
     */
    public UploadClaims(UsageClaims claims, FileTable files, UsageLedger ledger, AppConfig config, Clock clock) {
        this.claims = claims;
        this.files = files;
        this.ledger = ledger;
        this.limits = config.quota();
        this.clock = clock;
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
            if (claims.claim(ownerId, fileId, token, now, now.plus(limits.claimLease()))) {
                return Optional.of(new Claim(ownerId, fileId, token, bytes));
            }
            if (files.find(ownerId, fileId).isPresent()) {
                return Optional.empty();
            }
            Reservation reservation = ledger.reservation(ownerId, fileId);
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
                () -> claims.commit(claim.ownerId(), claim.fileId(), claim.token()));
    }

    /** The claimed upload did not become a file and is gone: its reservation is given back. Failures are logged. */
    public void release(Claim claim) {
        quietly(
                claim,
                "released (settled after the claim's lease)",
                () -> claims.release(claim.ownerId(), claim.fileId(), claim.token(), claim.bytes()));
    }

    /** The claimed upload stays unfinished (it may be completed or aborted later). Failures are logged. */
    public void reopen(Claim claim) {
        quietly(
                claim,
                "given back (the claim lapses after its lease)",
                () -> claims.reopen(claim.ownerId(), claim.fileId(), claim.token()));
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

    /** @return the problem of an upload another request is completing ({@code upload_completing}, 409) */
    static ProblemException completing(String fileId) {
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
