package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.ObjectStore;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.domain.FileIds;
import com.s3dynamopipe.upload.domain.FileItem;
import com.s3dynamopipe.upload.domain.PendingUpload;
import com.s3dynamopipe.upload.dto.CompleteRequest;
import com.s3dynamopipe.upload.dto.FileView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * The end of a presigned upload (docs/design.md, "Presigned uploads"): completion, which turns a complete object of
 * the announced size and SHA-256 into a file, or abort. Only a complete object becomes a file: the metadata item is
 * INSERTed (which starts processing) after S3 reports the object, never before.
 */
@ApplicationScoped
public class PresignedCompletionService {

    private final PendingUploads pendingUploads;
    private final PendingObjects pendingObjects;
    private final ObjectStore objects;
    private final FileTable files;
    private final PresignedValidator validator;
    private final UsageService quotas;
    private final UploadClaims claims;
    private final UploadOutcomes outcomes;

    /** The outcome of {@link #complete}: the file, and whether this call created it. */
    public record Completion(FileView file, boolean created) {}

    /**
     * @param pendingUploads finds pending uploads and keeps their deadline
     * @param pendingObjects the upload's parts and objects in S3 (complete, check, discard)
     * @param objects        S3 objects (copy of a single PUT's staged object)
     * @param files          DynamoDB adapter
     * @param validator      the presigned path's request rules
     * @param quotas         the caller's quotas (an abort ends the reservation)
     * @param claims         the claim on each upload, held while it is completed
     * @param outcomes       log line and metrics of each completed upload
     */
    public PresignedCompletionService(
            PendingUploads pendingUploads,
            PendingObjects pendingObjects,
            ObjectStore objects,
            FileTable files,
            PresignedValidator validator,
            UsageService quotas,
            UploadClaims claims,
            UploadOutcomes outcomes) {
        this.pendingUploads = pendingUploads;
        this.pendingObjects = pendingObjects;
        this.objects = objects;
        this.files = files;
        this.validator = validator;
        this.quotas = quotas;
        this.claims = claims;
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
        Optional<PendingUpload> found = pendingUploads.findUnexpired(ownerId, fileId);
        if (found.isEmpty()) {
            // A concurrent completion writes the item, then deletes the record: no record may mean "just completed".
            return new Completion(existing(ownerId, fileId), false);
        }
        PendingUpload pending = found.get();
        // One request at a time: the claim on the upload's reservation (lost to a concurrent abort or completion).
        Optional<UploadClaims.Claim> claim = claims.claim(ownerId, fileId, pending.sizeBytes());
        if (claim.isEmpty()) {
            return new Completion(existing(ownerId, fileId), false);
        }
        Completion completion;
        try {
            completion = completeClaimed(ownerId, fileId, pending, request);
        } catch (ProblemException e) {
            if (e.status() == 422) {
                claims.release(claim.get()); // the object and the record were removed: the upload is over
            } else {
                claims.reopen(claim.get()); // the upload stays open
            }
            throw e;
        } catch (RuntimeException e) {
            claims.reopen(claim.get());
            throw e;
        }
        claims.commit(claim.get());
        return completion;
    }

    /** {@link #complete} while this request holds the upload's claim. */
    private Completion completeClaimed(String ownerId, String fileId, PendingUpload pending, CompleteRequest request) {
        if (pending.multipart()
                && !pendingObjects.completeMultipart(
                        pending, validator.checkCompletedParts(request, pending.partCount()))) {
            // Completed by an earlier claim holder that ended before writing the item (the object exists).
            Optional<FileItem> raced = files.find(ownerId, fileId);
            if (raced.isPresent()) {
                return new Completion(FileView.from(raced.get()), false);
            }
        }
        pendingObjects.verify(pending);
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
        pendingObjects.forget(pending);
        if (!created) {
            return new Completion(existing(ownerId, fileId), false);
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
        pendingObjects.discard(pending);
    }

    /** @return the file this upload became (a completion that ran before or beside this request) */
    private FileView existing(String ownerId, String fileId) {
        return files.find(ownerId, fileId).map(FileView::from).orElseThrow(ProblemException::notFound);
    }

    private static ProblemException alreadyCompleted(String fileId) {
        return new ProblemException(
                409,
                "already_completed",
                "This upload is complete; delete the file with DELETE /files/" + fileId + ".",
                Map.of());
    }
}
