package com.s3dynamopipe.processor.service;

import com.s3dynamopipe.processor.aws.DynamoStatusWriter;
import com.s3dynamopipe.processor.aws.ObjectMissingException;
import com.s3dynamopipe.processor.aws.S3ObjectReader;
import com.s3dynamopipe.processor.config.AppConfig;
import com.s3dynamopipe.processor.model.FileImage;
import com.s3dynamopipe.processor.model.FileKey;
import com.s3dynamopipe.processor.model.InvalidRecordException;
import com.s3dynamopipe.processor.model.Outcome;
import com.s3dynamopipe.processor.model.StreamChange;
import com.s3dynamopipe.processor.model.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Processes one DynamoDB stream record of the files table (docs/design.md, "Stream → Pipe → Step Functions →
 * processor"): claims the new item, streams its object once to check size and SHA-256 against the item and to
 * detect the media type, then records {@code PROCESSED} or {@code FAILED}.
 *
 * <p>Permanent faults come back as an {@link Outcome}: records that are not an INSERT of the configured table, or
 * whose {@code Keys} cannot be read, are {@code SKIPPED} without any write; an INSERT of this table whose keys name
 * an item but whose {@code NewImage} is absent or malformed (missing attributes, unexpected types) marks that item
 * {@code FAILED} with the reason (only from {@code UPLOADED} or {@code PROCESSING}, so a poison record blocks
 * nothing and ends terminal); a missing object or a size or checksum mismatch is {@code FAILED} on the item. Transient faults (throttling, 5xx, network: {@link
 * software.amazon.awssdk.core.exception.SdkException}, {@link UncheckedIOException}) propagate, leaving the item
 * {@code PROCESSING} so that a retried delivery resumes it. Deliveries are at least once: every status change is
 * conditional, so a repeated record is {@code SKIPPED} once its item is terminal.
 */
@ApplicationScoped
public class ProcessingService {

    private final S3ObjectReader objects;
    private final DynamoStatusWriter statuses;
    private final ContentInspector inspector;
    private final ProcessingMetrics metrics;
    private final Clock clock;
    private final Pattern tableStreamArn;
    private final String table;

    ProcessingService(
            S3ObjectReader objects,
            DynamoStatusWriter statuses,
            ContentInspector inspector,
            ProcessingMetrics metrics,
            Clock clock,
            AppConfig config) {
        this.objects = objects;
        this.statuses = statuses;
        this.inspector = inspector;
        this.metrics = metrics;
        this.clock = clock;
        this.table = config.storage().table();
        this.tableStreamArn =
                Pattern.compile("arn:[^:]+:dynamodb:[^:]*:[^:]*:table/" + Pattern.quote(table) + "/stream/.+");
    }

    /**
     * Processes one record. Once its key is read, the log context names the item ({@link LogContext#record}); the
     * caller ends it. Each item recorded {@code PROCESSED} or {@code FAILED} is counted ({@link ProcessingMetrics}).
     *
     * @param record one stream record as EventBridge Pipes delivers it
     * @return what was done; never {@code null}
     */
    public Outcome process(StreamRecord record) {
        StreamChange change = record.dynamodb();
        FileKey key = keyOrNull(change);
        if (key != null) {
            LogContext.record(key);
        }
        if (!StreamRecord.INSERT.equals(record.eventName())) {
            return Outcome.skipped(key, "eventName " + record.eventName() + " is not " + StreamRecord.INSERT);
        }
        if (record.eventSourceArn() == null
                || !tableStreamArn.matcher(record.eventSourceArn()).matches()) {
            return Outcome.skipped(
                    key, "eventSourceARN " + record.eventSourceArn() + " is not a stream of table " + table);
        }
        if (change == null) {
            return Outcome.skipped(null, "record has no dynamodb member");
        }
        if (key == null) {
            return Outcome.skipped(null, unreadableKeys(change));
        }
        FileImage image;
        try {
            image = FileImage.from(key, change.newImage());
        } catch (InvalidRecordException e) {
            return failUnprocessable(key, "invalid stream record: " + e.getMessage());
        }
        return processInsert(image);
    }

    private Outcome processInsert(FileImage image) {
        FileKey key = image.key();
        if (!statuses.claim(key, Timestamps.now(clock))) {
            return Outcome.skipped(key, whyNotWritable(key));
        }
        ContentFacts facts;
        try (InputStream content = objects.open(image.objectKey())) {
            facts = inspector.inspect(content, image.fileName());
        } catch (ObjectMissingException e) {
            return fail(image, e.getMessage());
        } catch (IOException e) {
            // No object key here: the message is logged, and keys contain the raw owner id.
            throw new UncheckedIOException("reading the object of file " + key.fileId() + " failed", e);
        }
        if (facts.sizeBytes() != image.sizeBytes()) {
            return fail(
                    image,
                    "size mismatch: the item records " + image.sizeBytes() + " bytes, the stored object has "
                            + facts.sizeBytes());
        }
        if (!facts.sha256().equals(image.sha256())) {
            return fail(
                    image,
                    "checksum mismatch: the item records SHA-256 " + image.sha256() + ", the stored object has "
                            + facts.sha256());
        }
        String processedAt = Timestamps.now(clock);
        if (!statuses.markProcessed(key, facts.mediaType(), processedAt)) {
            return Outcome.skipped(key, whyNotWritable(key));
        }
        metrics.succeeded(image.createdAt(), processedAt);
        return Outcome.processed(
                key, "detected " + facts.mediaType() + "; " + facts.sizeBytes() + " bytes and SHA-256 match the item");
    }

    private Outcome fail(FileImage image, String reason) {
        String processedAt = Timestamps.now(clock);
        if (!statuses.markFailed(image.key(), reason, processedAt)) {
            return Outcome.skipped(image.key(), whyNotWritable(image.key()));
        }
        metrics.failed(image.createdAt(), processedAt);
        return Outcome.failed(image.key(), reason);
    }

    /** A poison INSERT for an item of this table: the item ends FAILED unless it is missing or already terminal. */
    private Outcome failUnprocessable(FileKey key, String reason) {
        String processedAt = Timestamps.now(clock);
        if (!statuses.markUnprocessable(key, reason, processedAt)) {
            return Outcome.skipped(key, reason + "; not recorded: " + whyNotWritable(key));
        }
        metrics.failed(null, processedAt);
        return Outcome.failed(key, reason);
    }

    private static String unreadableKeys(StreamChange change) {
        try {
            FileKey.from(change.keys());
            return "record has no usable dynamodb.Keys";
        } catch (InvalidRecordException e) {
            return e.getMessage();
        }
    }

    private String whyNotWritable(FileKey key) {
        return statuses.currentStatus(key)
                .map(status -> "already processed: status is " + status)
                .orElse("item not found in table " + table);
    }

    private static FileKey keyOrNull(StreamChange change) {
        try {
            return change == null ? null : FileKey.from(change.keys());
        } catch (InvalidRecordException e) {
            return null;
        }
    }
}
