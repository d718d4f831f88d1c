package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.ObjectStore;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.domain.FileIds;
import com.s3dynamopipe.upload.domain.FileItem;
import com.s3dynamopipe.upload.domain.StorageKeys;
import com.s3dynamopipe.upload.domain.Timestamps;
import com.s3dynamopipe.upload.dto.FileView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Stores an upload: validates the form, writes the object to S3 with the SHA-256 computed while the body was read
 * (S3 checks the bytes against it), then inserts the metadata item with that same SHA-256. If the insert fails, the
 * object is deleted before the error goes up, so no orphan is left.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    private final UploadValidator validator;
    private final ObjectStore objects;
    private final FileTable files;
    private final UploadOutcomes outcomes;
    private final UsageService quotas;
    private final UploadClaims claims;
    private final FileIds ids;
    private final Clock clock;

    /**
     * @param validator form rules
     * @param objects   S3 adapter
     * @param files     DynamoDB adapter
     * @param outcomes  log line and metrics of each accepted upload
     * @param quotas    the caller's quotas: the upload is reserved before its object is stored
     * @param claims    ends the upload's claimed reservation (stored or given back)
     * @param ids       file id generator
     * @param clock     the clock of {@code createdAt}
     */
    public UploadService(
            UploadValidator validator,
            ObjectStore objects,
            FileTable files,
            UploadOutcomes outcomes,
            UsageService quotas,
            UploadClaims claims,
            FileIds ids,
            Clock clock) {
        this.ids = ids;
        this.clock = clock;
        this.quotas = quotas;
        this.claims = claims;
        this.validator = validator;
        this.objects = objects;
        this.files = files;
        this.outcomes = outcomes;
    }

    /** @return the direct-upload cap in bytes ({@code app.upload.max-bytes}) */
    public long maxBytes() {
        return validator.maxBytes();
    }

    /**
     * Validates and stores one upload for its owner.
     *
     * @param ownerId the caller's {@code sub}
     * @param form    the parsed multipart form
     * @return the stored file as the API shows it (status {@code UPLOADED})
     * @throws ProblemException if the form breaks a rule, or {@code quota_exceeded} (409) (nothing is stored)
     * @throws StorageException if S3 or DynamoDB fails (no object is left behind)
     */
    public FileView upload(String ownerId, UploadForm form) {
        UploadForm.FilePart file = validator.validate(form);
        String comment = form.comments().isEmpty() || form.comments().get(0).isEmpty()
                ? null
                : form.comments().get(0);
        String contentType = UploadRules.contentTypeOrDefault(file.contentType());

        String fileId = ids.generate();
        LogContext.file(fileId);
        String objectKey = StorageKeys.file(ownerId, fileId);
        String createdAt = Timestamps.format(Timestamps.now(clock));

        UploadClaims.Claim reservation = quotas.reserveDirect(ownerId, fileId, file.sizeBytes());
        FileItem item;
        try {
            item = store(ownerId, fileId, objectKey, file, contentType, comment, createdAt);
        } catch (RuntimeException e) {
            claims.release(reservation);
            throw e;
        }
        claims.commit(reservation);
        outcomes.accepted(fileId, file.sizeBytes());
        return FileView.from(item);
    }

    /** Stores the object, then inserts the item; if the insert fails, the object is deleted before the error. */
    private FileItem store(
            String ownerId,
            String fileId,
            String objectKey,
            UploadForm.FilePart file,
            String contentType,
            String comment,
            String createdAt) {
        objects.put(objectKey, contentType, file.content());
        String sha256 = file.content().sha256Hex();
        FileItem item = FileItem.uploaded(
                ownerId, fileId, objectKey, file.fileName(), file.sizeBytes(), contentType, sha256, comment, createdAt);
        try {
            files.insert(item);
        } catch (RuntimeException e) {
            boolean deleted = objects.deleteQuietly(objectKey);
            LOG.warnf("Metadata write failed; object deleted: %s", deleted);
            throw e;
        }
        return item;
    }
}
