package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.ObjectStore;
import com.s3dynamopipe.upload.aws.PresignedUrl;
import com.s3dynamopipe.upload.aws.Presigner;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.FileIds;
import com.s3dynamopipe.upload.domain.FileItem;
import com.s3dynamopipe.upload.domain.StorageKeys;
import com.s3dynamopipe.upload.dto.DownloadLink;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Downloads and deletions of the caller's own files. Another owner's file is a 404 exactly like a missing one.
 */
@ApplicationScoped
public class FileCommandService {

    private final FileTable files;
    private final Presigner presigner;
    private final ObjectStore objects;
    private final Duration downloadTtl;
    private final UsageService quotas;

    /**
     * @param files     DynamoDB adapter
     * @param presigner signs the download URLs
     * @param objects   S3 objects (deletes)
     * @param config    application configuration (download URL lifetime)
     * @param quotas    the owner's usage counters, which a deleted file leaves
     */
    public FileCommandService(
            FileTable files, Presigner presigner, ObjectStore objects, AppConfig config, UsageService quotas) {
        this.quotas = quotas;
        this.files = files;
        this.presigner = presigner;
        this.objects = objects;
        this.downloadTtl = config.presigned().downloadUrlTtl();
    }

    /**
     * @return a presigned GET answered with {@code Content-Disposition: attachment} (RFC 6266, {@code filename*})
     *         and the file's Content-Type
     * @throws ProblemException {@code not_found} (404)
     */
    public DownloadLink download(String ownerId, String fileId) {
        FileItem item = find(ownerId, fileId);
        String disposition = ContentDisposition.attachment(item.fileName());
        PresignedUrl url = presigner.presignGet(item.objectKey(), disposition, item.contentType(), downloadTtl);
        return new DownloadLink(url.url(), url.expiresAt().toString(), item.fileName(), disposition);
    }

    /**
     * Deletes the file for good from the live system: every version and delete marker of its object (the bucket is
     * versioned, so a plain DeleteObject would keep the bytes as a noncurrent version), whatever its presigned
     * upload left under {@code pending/} (record with file name and comment, staged object), then the item. A
     * failure in between leaves an item whose delete can be repeated, never an object without an item. The stream's
     * REMOVE record starts nothing. The file's bytes leave the owner's usage once. Backups are another matter: the
     * table's point-in-time recovery keeps the item for 35 days (README, "What deleting removes").
     *
     * @throws ProblemException {@code not_found} (404)
     * @throws com.s3dynamopipe.upload.aws.StorageException if S3 or DynamoDB fails (repeating the delete is safe)
     */
    public void delete(String ownerId, String fileId) {
        FileItem item = find(ownerId, fileId);
        objects.deleteEveryVersion(
                item.objectKey(), StorageKeys.staged(ownerId, fileId), StorageKeys.manifest(ownerId, fileId));
        // Of concurrent deletes only the one whose DeleteItem returns the item takes it off the usage counters.
        files.deleteExisting(ownerId, fileId).ifPresent(old -> quotas.fileDeleted(ownerId, fileId, old.sizeBytes()));
    }

    private FileItem find(String ownerId, String fileId) {
        if (!FileIds.isValid(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        return files.find(ownerId, fileId).orElseThrow(ProblemException::notFound);
    }
}
