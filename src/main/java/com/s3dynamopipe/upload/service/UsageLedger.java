package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.aws.UsageClaims;
import com.s3dynamopipe.upload.aws.UsageTable;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.Reservation;
import com.s3dynamopipe.upload.domain.Usage;
import com.s3dynamopipe.upload.dto.UsageView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An owner's usage item: read (created on first use, counters seeded from the stored files), shown with the limits
 * ({@code GET /usage}), and freed of stale reservations (docs/design.md, "Quotas" and "Races"). Nothing in AWS calls
 * us when an upload's deadline passes: a reservation past its deadline (or a claim past its lease, whose holder has
 * ended) is settled lazily and exactly, with a conditional update, when the owner's usage is next needed (a
 * reservation that does not fit, {@code GET /usage}, an abort).
 */
@ApplicationScoped
public class UsageLedger {

    private static final Logger LOG = Logger.getLogger(UsageLedger.class);

    private final UsageTable usage;
    private final UsageClaims claims;
    private final FileTable files;
    private final Clock clock;
    private final AppConfig.Quota limits;

    /**
     * @param usage  the usage item adapter
     * @param claims the claims on its reservations
     * @param files  the file items (to seed a new usage item and to settle claims whose holder has ended)
     * @param clock  the clock deadlines and leases are read against
     * @param config application configuration ({@code app.quota.*}, shown with the usage)
     */
    public UsageLedger(UsageTable usage, UsageClaims claims, FileTable files, Clock clock, AppConfig config) {
        this.limits = config.quota();
        this.usage = usage;
        this.claims = claims;
        this.files = files;
        this.clock = clock;
    }

    /**
     * The caller's usage and limits ({@code GET /usage}), after settling reservations past their deadline or lease.
     *
     * @return usage and limits
     */
    public UsageView view(String ownerId) {
        Usage current = current(ownerId);
        if (settleStale(ownerId, current) > 0) {
            current = current(ownerId);
        }
        return new QuotaLimits(limits).view(current);
    }

    /** The usage item, created (counters seeded from the owner's stored files) if the owner has none yet. */
    Usage current(String ownerId) {
        Optional<Usage> found = usage.find(ownerId);
        if (found.isPresent()) {
            return found.get();
        }
        FileTable.Totals stored = files.storedTotals(ownerId);
        usage.create(ownerId, stored.bytes(), stored.files());
        return usage.find(ownerId)
                .orElseThrow(() ->
                        new StorageException("DynamoDB GetItem (usage): the item just created is missing", true, null));
    }

    /** Settles every reservation past its deadline or lease. @return how many this call settled */
    int settleStale(String ownerId, Usage current) {
        Instant now = Instant.now(clock);
        int settled = 0;
        for (Reservation reservation : current.reservations().values()) {
            if (reservation.stale(now) && settle(ownerId, reservation)) {
                settled++;
            }
        }
        return settled;
    }

    /**
     * Settles one stale reservation exactly once (each update is conditional on what was read): an open one past its
     * deadline is given back; a claim past its lease, whose holder has ended, is committed if its file item exists
     * (the holder wrote it) and given back otherwise.
     *
     * @return whether this call settled it
     */
    boolean settle(String ownerId, Reservation reservation) {
        if (Reservation.OPEN.equals(reservation.state())) {
            return claims.releaseOpen(ownerId, reservation.fileId(), reservation.bytes(), Instant.now(clock));
        }
        if (reservation.claim() == null) {
            return false;
        }
        boolean stored = files.find(ownerId, reservation.fileId()).isPresent();
        boolean settled = stored
                ? claims.commit(ownerId, reservation.fileId(), reservation.claim())
                : claims.release(ownerId, reservation.fileId(), reservation.claim(), reservation.bytes());
        if (settled) {
            LOG.infof(
                    "Upload %s: reservation settled after its claim's lease (%s)",
                    reservation.fileId(), stored ? "stored" : "released");
        }
        return settled;
    }

    /** @return the reservation of this upload in the owner's usage item, or {@code null} if there is none */
    Reservation reservation(String ownerId, String fileId) {
        return usage.find(ownerId).map(u -> u.reservations().get(fileId)).orElse(null);
    }
}
