package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.MultipartUploads;
import com.s3dynamopipe.upload.aws.ObjectStore;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.domain.FileIds;
import com.s3dynamopipe.upload.domain.FileItem;
import com.s3dynamopipe.upload.domain.PendingUpload;
import com.s3dynamopipe.upload.domain.Sha256;
import com.s3dynamopipe.upload.dto.CompleteRequest;
import com.s3dynamopipe.upload.dto.FileView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The end of a presigned upload (docs/design.md, "Presigned uploads"): completion, which turns a complete object of
 * the announced size and SHA-256 into a file, or abort. Only a complete object becomes a file: the metadata item is
 * INSERTed (which starts processing) after S3 reports the object, never before.
 */
@ApplicationScoped
public class PresignedCompletionService {

    private static final Logger LOG = Logger.getLogger(PresignedCompletionService.class);

    private final PendingUploads pendingUploads;
    private final MultipartUploads multipart;
    private final ObjectStore objects;
    private final FileTable files;
    private final PresignedValidator validator;
    private final UsageService quotas;
    private final UploadOutcomes outcomes;

    /** The outcome of {@link #complete}: the file, and whether this call created it. */
    public record Completion(FileView file, boolean created) {}

    /**
     * @param pendingUploads finds pending uploads and keeps their deadline
     * @param multipart      S3 multipart uploads
     * @param objects        S3 objects (facts, copy, deletes)
     * @param files          DynamoDB adapter
     * @param validator      the presigned path's request rules
     * @param quotas         the caller's quotas and the claims on each upload
     * @param outcomes       log line and metrics of each completed upload
     */
    public PresignedCompletionService(
            PendingUploads pendingUploads,
            MultipartUploads multipart,
            ObjectStore objects,
            FileTable files,
            PresignedValidator validator,
            UsageService quotas,
            UploadOutcomes outcomes) {
        this.pendingUploads = pendingUploads;
        this.multipart = multipart;
        this.objects = objects;
        this.files = files;
        this.validator = validator;
        this.quotas = quotas;
        this.outcomes = outcomes;
    }

    /**
     * Completes an upload: completes the multipart upload (if any), reads the object's facts with HeadObject (size,
     * S3's SHA-256 checksum where S3 keeps one, Content-Encoding), moves a single PUT's staged object from
     * {@code pending/} to its file key with CopyObject, and only then inserts the file item with status
     * {@code UPLOADED}, which starts processing. Completing a completed upload answers the same file again.
     *
     * @return the file and whether this call created it
     * @throws ProblemException {@code not_found} (404: also aborted meanwhile); {@code upload_expired} (410: past the
     *                          deadline; the bucket's lifecycle removes what is left); {@code invalid_parts} (400);
     *                          {@code upload_completing} (409: another request is completing it);
     *                          {@code parts_mismatch} (409: S3 refused the ETags, the upload stays open);
     *                          {@code upload_incomplete} (409: no object yet, the upload stays open);
     *                          {@code size_mismatch}, {@code checksum_mismatch} or
     *                          {@code content_encoding_not_allowed} (422: the object is removed and the upload
     *                          ended, nothing recorded)
     * @throws StorageException if S3 or DynamoDB fails (the upload stays open; completing again is safe)
     */
    public Completion complete(String ownerId, String fileId, CompleteRequest request) {
        if (!FileIds.isValid(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        Optional<FileItem> done = files.find(ownerId, fileId);
        if (done.isPresent()) {
            return new Completion(FileView.from(done.get()), false);
        }
        PendingUpload pending = pendingUploads.unexpired(ownerId, fileId);
        // One request at a time: the claim on the upload's reservation (lost to a concurrent abort or completion).
        Optional<UsageService.Claim> claim = quotas.claim(ownerId, fileId, pending.sizeBytes());
        if (claim.isEmpty()) {
            return new Completion(
                    files.find(ownerId, fileId).map(FileView::from).orElseThrow(ProblemException::notFound), false);
        }
        Completion completion;
        try {
            completion = completeClaimed(ownerId, fileId, pending, request);
        } catch (ProblemException e) {
            if (e.status() == 422) {
                quotas.release(claim.get()); // the object and the record were removed: the upload is over
            } else {
                quotas.reopen(claim.get()); // the upload stays open
            }
            throw e;
        } catch (RuntimeException e) {
            quotas.reopen(claim.get());
            throw e;
        }
        quotas.commit(claim.get());
        return completion;
    }

    /** {@link #complete} while this request holds the upload's claim. */
    private Completion completeClaimed(String ownerId, String fileId, PendingUpload pending, CompleteRequest request) {
        if (pending.multipart()) {
            Map<Integer, String> parts = validator.checkCompletedParts(request, pending.partCount());
            try {
                multipart.complete(
                        pending.objectKey(), pending.multipartUploadId(), parts, pending.partChecksumsBase64());
            } catch (MultipartUploads.PartsRejectedException e) {
                throw new ProblemException(
                        409,
                        "parts_mismatch",
                        "S3 does not hold these parts with these ETags (" + e.s3Code()
                                + "); upload the missing parts or send the ETags S3 returned.",
                        Map.of());
            } catch (MultipartUploads.NoSuchUploadException e) {
                // Completed by an earlier claim holder that ended before writing the item (the object exists).
                Optional<FileItem> raced = files.find(ownerId, fileId);
                if (raced.isPresent()) {
                    return new Completion(FileView.from(raced.get()), false);
                }
            }
        }
        String uploadedKey = pending.multipart() ? pending.objectKey() : pending.stagedKey();
        ObjectStore.ObjectFacts object = objects.head(uploadedKey)
                .orElseThrow(() -> new ProblemException(
                        409,
                        "upload_incomplete",
                        "The file has not been uploaded yet: PUT it to the presigned URL first.",
                        Map.of()));
        if (object.sizeBytes() != pending.sizeBytes()) {
            discard(pending);
            throw new ProblemException(
                    422,
                    "size_mismatch",
                    "The stored object has " + object.sizeBytes() + " bytes, not the " + pending.sizeBytes()
                            + " announced; it was removed. Upload it again.",
                    Map.of("expectedBytes", pending.sizeBytes(), "actualBytes", object.sizeBytes()));
        }
        if (object.checksumSha256Base64() != null
                && !object.checksumSha256Base64().equals(expectedChecksum(pending, object.checksumSha256Base64()))) {
            discard(pending);
            throw new ProblemException(
                    422,
                    "checksum_mismatch",
                    "The stored object's SHA-256 is not the one announced; it was removed. Upload it again.",
                    Map.of());
        }
        if (object.contentEncoding() != null) {
            // A PUT may add unsigned headers: with Content-Encoding the browser would unpack the download, and the
            // bytes people get would not be the ones whose SHA-256 was verified.
            discard(pending);
            throw new ProblemException(
                    422,
                    "content_encoding_not_allowed",
                    "The file was uploaded with "
                            + "Content-Encoding; it was removed. Upload it again with only the headers the ticket lists.",
                    Map.of());
        }
        if (!pending.multipart() && !objects.copy(pending.stagedKey(), pending.objectKey())) {
            throw new ProblemException(
                    409,
                    "upload_incomplete",
                    "The file has not been uploaded yet: PUT it to the presigned URL first.",
                    Map.of());
        }
        FileItem item = FileItem.uploaded(
                ownerId,
                fileId,
                pending.objectKey(),
                pending.fileName(),
                pending.sizeBytes(),
                pending.contentType(),
                pending.sha256(),
                pending.comment(),
                pending.createdAt());
        boolean created;
        try {
            created = files.insertIfAbsent(item);
        } catch (StorageException e) {
            if (!pending.multipart()) {
                // The staged object is still there, so completing again can copy it again: no copy without item.
                objects.deleteQuietly(pending.objectKey());
            }
            throw e;
        }
        forget(pending);
        if (!created) {
            return new Completion(
                    files.find(ownerId, fileId).map(FileView::from).orElseThrow(ProblemException::notFound), false);
        }
        outcomes.accepted(fileId, item.sizeBytes());
        return new Completion(FileView.from(item), true);
    }

    /**
     * Aborts an unfinished upload, also one past its deadline: aborts the multipart upload (S3 discards its parts)
     * or deletes the staged object of a single PUT (every version), then deletes the record (every version).
     *
     * @throws ProblemException {@code not_found} (404), {@code already_completed} (409: delete the file instead),
     *                          {@code upload_completing} (409: a completion holds the upload's claim)
     */
    public void abort(String ownerId, String fileId) {
        if (!FileIds.isValid(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        if (files.find(ownerId, fileId).isPresent()) {
            throw alreadyCompleted(fileId);
        }
        // A completion deletes the record right after writing the item: no record then means "complete".
        PendingUpload pending = pendingUploads.findOr(
                ownerId,
                fileId,
                () -> files.find(ownerId, fileId).isPresent() ? alreadyCompleted(fileId) : ProblemException.notFound());
        // Ends the reservation unless a completion holds the claim; once it is gone no completion can start, so
        // a file that does not exist now never will.
        quotas.endForAbort(ownerId, fileId);
        if (files.find(ownerId, fileId).isPresent()) {
            throw alreadyCompleted(fileId);
        }
        discard(pending);
    }

    private static ProblemException alreadyCompleted(String fileId) {
        return new ProblemException(
                409,
                "already_completed",
                "This upload is complete; delete the file with DELETE /files/" + fileId + ".",
                Map.of());
    }

    /** Ends an upload that never became a file: its parts, any object of it, its staged object and its record. */
    private void discard(PendingUpload pending) {
        if (pending.multipart()) {
            multipart.abort(pending.objectKey(), pending.multipartUploadId());
        }
        objects.deleteEveryVersion(pending.objectKey(), pending.stagedKey(), pending.manifestKey());
        LOG.debugf("Upload %s discarded", pending.fileId());
    }

    /** After the item was written: the staged object and the record are no longer needed (failures only logged). */
    private void forget(PendingUpload pending) {
        try {
            objects.deleteEveryVersion(pending.stagedKey(), pending.manifestKey());
        } catch (StorageException e) {
            LOG.warnf(
                    "Upload %s: its pending record could not be deleted (the lifecycle rule will): %s",
                    pending.fileId(), e.getMessage());
        }
    }

    /**
     * What S3's stored checksum must be: a composite one ({@code "<base64>-<parts>"}) is the SHA-256 of the announced
     * part digests; a full-object one the announced SHA-256 of the file.
     */
    private static String expectedChecksum(PendingUpload pending, String stored) {
        return stored.indexOf('-') >= 0 && pending.partSha256() != null
                ? Sha256.composite(pending.partSha256())
                : Sha256.base64(pending.sha256());
    }
}
