package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.MultipartUploads;
import com.s3dynamopipe.upload.aws.ObjectStore;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.domain.PendingUpload;
import com.s3dynamopipe.upload.domain.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The S3 side of an unfinished presigned upload at its end (docs/design.md, "Presigned uploads"): completing its
 * multipart upload, checking the uploaded object against the announcement (size, SHA-256, no Content-Encoding), and
 * removing what is left of it. {@link PresignedCompletionService} holds the claim and writes the file item.
 */
@ApplicationScoped
public class PendingObjects {

    private static final Logger LOG = Logger.getLogger(PendingObjects.class);

    private final MultipartUploads multipart;
    private final ObjectStore objects;

    /**
     * @param multipart S3 multipart uploads
     * @param objects   S3 objects (facts, copy, deletes)
     */
    public PendingObjects(MultipartUploads multipart, ObjectStore objects) {
        this.multipart = multipart;
        this.objects = objects;
    }

    /**
     * Completes the upload's multipart upload with the parts the client names.
     *
     * @param parts part number → ETag
     * @return {@code false} if S3 no longer knows the multipart upload (an earlier completion finished it)
     * @throws ProblemException {@code parts_mismatch} (409: S3 refused the ETags, the upload stays open)
     */
    boolean completeMultipart(PendingUpload pending, Map<Integer, String> parts) {
        try {
            multipart.complete(pending.objectKey(), pending.multipartUploadId(), parts, pending.partChecksumsBase64());
            return true;
        } catch (MultipartUploads.PartsRejectedException e) {
            throw new ProblemException(
                    409,
                    "parts_mismatch",
                    "S3 does not hold these parts with these ETags (" + e.s3Code()
                            + "); upload the missing parts or send the ETags S3 returned.",
                    Map.of());
        } catch (MultipartUploads.NoSuchUploadException e) {
            return false;
        }
    }

    /**
     * Checks the uploaded object (the multipart upload's object, or a single PUT's staged object) with HeadObject;
     * an object that breaks the announcement is discarded with the upload.
     *
     * @throws ProblemException {@code upload_incomplete} (409: no object yet), {@code size_mismatch},
     *                          {@code checksum_mismatch} or {@code content_encoding_not_allowed} (422: the object is
     *                          removed and the upload ended)
     */
    void verify(PendingUpload pending) {
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
    }

    /** Ends an upload that never became a file: its parts, any object of it, its staged object and its record. */
    void discard(PendingUpload pending) {
        if (pending.multipart()) {
            multipart.abort(pending.objectKey(), pending.multipartUploadId());
        }
        objects.deleteEveryVersion(pending.objectKey(), pending.stagedKey(), pending.manifestKey());
        LOG.debugf("Upload %s discarded", pending.fileId());
    }

    /** After the item was written: the staged object and the record are no longer needed (failures only logged). */
    void forget(PendingUpload pending) {
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
