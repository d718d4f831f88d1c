package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.aws.UsageTable;
import com.s3dynamopipe.upload.aws.UsageTable.Reservation;
import com.s3dynamopipe.upload.aws.UsageTable.Usage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads an owner's usage item (creating it on first use) and settles the reservations nothing in AWS ends: those
 * past their deadline or lease (docs/design.md, "Quotas" and "Races"). Nothing calls us when a deadline passes, so
 * {@link UsageService} settles lazily, exactly once, whenever the owner's usage is next needed.
 */
@ApplicationScoped
public class UsageSettlement {

    private static final Logger LOG = Logger.getLogger(UsageSettlement.class);

    private final UsageTable usage;
    private final FileTable files;
    private final Clock clock;

    /**
     * @param usage the usage item adapter
     * @param files the file items (to seed a new usage item and to settle claims whose holder has ended)
     * @param clock the clock deadlines and leases are read against
     */
    public UsageSettlement(UsageTable usage, FileTable files, Clock clock) {
        this.usage = usage;
        this.files = files;
        this.clock = clock;
    }

    /** The usage item, created (counters seeded from the owner's stored files) if the owner has none yet. */
    Usage current(String ownerId) {
        Optional<Usage> found = usage.find(ownerId);
        if (found.isPresent()) {
            return found.get();
        }
        FileTable.Totals stored = files.storedTotals(ownerId);
        usage.create(ownerId, stored.bytes(), stored.files());
        return usage.find(ownerId).orElseThrow(() -> new StorageException(
                "DynamoDB GetItem (usage): the item just created is missing", true, null));
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
        if (UsageTable.OPEN.equals(reservation.state())) {
            return usage.releaseOpen(ownerId, reservation.fileId(), reservation.bytes(), Instant.now(clock));
        }
        if (reservation.claim() == null) {
            return false;
        }
        boolean stored = files.find(ownerId, reservation.fileId()).isPresent();
        boolean settled = stored ? usage.commit(ownerId, reservation.fileId(), reservation.claim())
                : usage.release(ownerId, reservation.fileId(), reservation.claim(), reservation.bytes());
        if (settled) {
            LOG.infof("Upload %s: reservation settled after its claim's lease (%s)", reservation.fileId(),
                    stored ? "stored" : "released");
        }
        return settled;
    }
}
