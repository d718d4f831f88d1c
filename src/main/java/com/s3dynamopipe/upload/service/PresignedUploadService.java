package com.s3dynamopipe.upload.service;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import com.s3dynamopipe.upload.aws.FileItem;
import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.aws.PendingUpload;
import com.s3dynamopipe.upload.aws.PresignedUrl;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.aws.TransferStore;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.dto.CompleteRequest;
import com.s3dynamopipe.upload.dto.CompletedPartJson;
import com.s3dynamopipe.upload.dto.FileView;
import com.s3dynamopipe.upload.dto.PartUrl;
import com.s3dynamopipe.upload.dto.PartUrls;
import com.s3dynamopipe.upload.dto.PartsRequest;
import com.s3dynamopipe.upload.dto.UploadLimits;
import com.s3dynamopipe.upload.dto.UploadRequest;
import com.s3dynamopipe.upload.dto.UploadStatus;
import com.s3dynamopipe.upload.dto.UploadTicket;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The presigned path (docs/design.md, "Presigned uploads"): the browser PUTs the bytes straight to S3 with URLs
 * this service signs, in one PUT or as a multipart upload, and then asks to complete. Only a complete object of the
 * announced size becomes a file: the metadata item is INSERTed (which starts processing) after S3 reports the
 * object, never before. Until then the upload is a {@link PendingUpload} record in S3, invisible to the table, the
 * stream and {@code GET /files}.
 */
@ApplicationScoped
public class PresignedUploadService {

    private static final Logger LOG = Logger.getLogger(PresignedUploadService.class);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final long MIB = 1024L * 1024L;

    /** {@code mode} of an upload with one PUT. */
    public static final String SINGLE = "single";

    /** {@code mode} of a multipart upload. */
    public static final String MULTIPART = "multipart";

    private final TransferStore transfers;
    private final FileTable files;
    private final UploadOutcomes outcomes;
    private final AppConfig.Presigned limits;
    private final Clock clock = Clock.systemUTC();
    // Created with the bean at run time: the generator holds a SecureRandom, which must not be in a native image heap.
    private final NoArgGenerator ids = Generators.timeBasedEpochGenerator();

    /** The outcome of {@link #complete}: the file, and whether this call created it. */
    public record Completion(FileView file, boolean created) {
    }

    /**
     * @param transfers S3 adapter of the presigned path
     * @param files     DynamoDB adapter
     * @param config    application configuration ({@code app.presigned.*})
     * @param outcomes  log line and metrics of each completed upload
     */
    public PresignedUploadService(TransferStore transfers, FileTable files, AppConfig config,
            UploadOutcomes outcomes) {
        this.transfers = transfers;
        this.files = files;
        this.outcomes = outcomes;
        this.limits = config.presigned();
    }

    /** @return the limits stated in every ticket */
    public UploadLimits limits() {
        return new UploadLimits(limits.maxBytes(), limits.singlePutMaxBytes(), limits.maxParts(),
                limits.partUrlsPerRequest());
    }

    /**
     * Starts an upload: checks the announcement, then presigns one PUT (up to {@code singlePutMaxBytes}) or creates
     * a multipart upload and presigns its first parts. Nothing is written to the table.
     *
     * @param ownerId the caller's {@code sub}
     * @param request the announcement
     * @return the ticket
     * @throws ProblemException {@code malformed_body}, {@code invalid_file_name}, {@code invalid_content_type},
     *                          {@code invalid_size}, {@code empty_file}, {@code invalid_sha256},
     *                          {@code comment_too_long} (400), {@code file_too_large} (413, {@code limitBytes})
     */
    public UploadTicket start(String ownerId, UploadRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("malformed_body", "Send the upload's description as a JSON object.");
        }
        UploadValidator.checkFileName(request.fileName());
        UploadValidator.checkContentType(request.contentType());
        long size = checkSize(request.sizeBytes());
        if (request.sha256() == null || !SHA256_HEX.matcher(request.sha256()).matches()) {
            throw ProblemException.badRequest("invalid_sha256",
                    "sha256 must be the file's SHA-256 as 64 lowercase hexadecimal digits.");
        }
        String comment = request.comment() == null || request.comment().isEmpty() ? null : request.comment();
        if (comment != null) {
            UploadValidator.checkComment(comment);
        }
        String contentType = request.contentType() == null
                ? UploadValidator.DEFAULT_CONTENT_TYPE : request.contentType();

        String fileId = ids.generate().toString();
        LogContext.file(fileId);
        String objectKey = PendingUpload.objectKey(ownerId, fileId);
        String createdAt = UploadService.TIMESTAMP.format(Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
        Duration ttl = limits.uploadUrlTtl();

        if (size <= limits.singlePutMaxBytes()) {
            PendingUpload pending = new PendingUpload(ownerId, fileId, objectKey, request.fileName(), size,
                    contentType, request.sha256(), comment, createdAt, null, size, 1);
            PresignedUrl put = transfers.presignPut(objectKey, contentType, size, base64(request.sha256()), ttl);
            transfers.putPending(pending);
            return new UploadTicket(fileId, SINGLE, size, size, 1, put.headers(), put.expiresAt().toString(),
                    List.of(new PartUrl(1, put.url(), size)), limits());
        }
        long partSize = partSize(size);
        int partCount = (int) ((size + partSize - 1) / partSize);
        String uploadId = transfers.createMultipart(objectKey, contentType);
        PendingUpload pending = new PendingUpload(ownerId, fileId, objectKey, request.fileName(), size, contentType,
                request.sha256(), comment, createdAt, uploadId, partSize, partCount);
        try {
            transfers.putPending(pending);
        } catch (StorageException e) {
            transfers.abortMultipart(objectKey, uploadId);
            throw e;
        }
        List<Integer> first = new ArrayList<>();
        for (int n = 1; n <= Math.min(partCount, limits.partUrlsPerRequest()); n++) {
            first.add(n);
        }
        PartUrls urls = presignParts(pending, first);
        return new UploadTicket(fileId, MULTIPART, size, partSize, partCount, urls.headers(), urls.expiresAt(),
                urls.parts(), limits());
    }

    /**
     * Presigns (again) some parts of a multipart upload, e.g. after the first URLs expired or beyond the first
     * {@code partUrlsPerRequest}.
     *
     * @throws ProblemException {@code not_found} (404) for no such pending upload of this caller,
     *                          {@code not_multipart} (409) for a single-PUT upload, {@code invalid_parts} (400)
     */
    public PartUrls parts(String ownerId, String fileId, PartsRequest request) {
        PendingUpload pending = pending(ownerId, fileId);
        if (!pending.multipart()) {
            throw new ProblemException(409, "not_multipart",
                    "This upload is a single PUT; start a new upload for fresh URLs.", Map.of());
        }
        List<Integer> numbers = request == null ? null : request.partNumbers();
        if (numbers == null || numbers.isEmpty() || numbers.size() > limits.partUrlsPerRequest()) {
            throw invalidParts("partNumbers must list 1 to " + limits.partUrlsPerRequest() + " part numbers.");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer n : numbers) {
            if (n == null || n < 1 || n > pending.partCount() || !seen.add(n)) {
                throw invalidParts("Part numbers must be distinct, from 1 to " + pending.partCount() + ".");
            }
        }
        return presignParts(pending, numbers);
    }

    /**
     * @return the pending upload and, for multipart, the parts S3 already holds
     * @throws ProblemException {@code not_found} (404)
     */
    public UploadStatus status(String ownerId, String fileId) {
        PendingUpload pending = pending(ownerId, fileId);
        List<CompletedPartJson> uploaded = null;
        if (pending.multipart()) {
            try {
                uploaded = transfers.listParts(pending.objectKey(), pending.multipartUploadId()).stream()
                        .map(p -> new CompletedPartJson(p.partNumber(), p.etag(), p.sizeBytes())).toList();
            } catch (TransferStore.NoSuchUploadException e) {
                throw ProblemException.notFound();
            }
        }
        return new UploadStatus(pending.fileId(), pending.fileName(), pending.sizeBytes(), pending.contentType(),
                pending.multipart() ? MULTIPART : SINGLE, pending.partSizeBytes(), pending.partCount(),
                pending.createdAt(), uploaded);
    }

    /**
     * Completes an upload: completes the multipart upload (if any), reads the object's size (and S3's SHA-256
     * checksum, where S3 keeps one) with HeadObject, and only then inserts the file item with status
     * {@code UPLOADED}, which starts processing. Completing a completed upload answers the same file again.
     *
     * @return the file and whether this call created it
     * @throws ProblemException {@code not_found} (404); {@code invalid_parts} (400); {@code parts_mismatch} (409:
     *                          S3 refused the ETags, the upload stays open); {@code upload_incomplete} (409: no
     *                          object yet, the upload stays open); {@code size_mismatch} or
     *                          {@code checksum_mismatch} (422: the object is removed and the upload ended, nothing
     *                          recorded)
     * @throws StorageException if S3 or DynamoDB fails (the upload stays open; completing again is safe)
     */
    public Completion complete(String ownerId, String fileId, CompleteRequest request) {
        if (!FileQueryService.isFileId(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        Optional<FileItem> done = files.find(ownerId, fileId);
        if (done.isPresent()) {
            return new Completion(FileView.from(done.get()), false);
        }
        PendingUpload pending = pending(ownerId, fileId);
        if (pending.multipart()) {
            Map<Integer, String> parts = checkCompletedParts(pending, request);
            try {
                transfers.completeMultipart(pending.objectKey(), pending.multipartUploadId(), parts);
            } catch (TransferStore.PartsRejectedException e) {
                throw new ProblemException(409, "parts_mismatch", "S3 does not hold these parts with these ETags ("
                        + e.s3Code() + "); upload the missing parts or send the ETags S3 returned.", Map.of());
            } catch (TransferStore.NoSuchUploadException e) {
                // Completed by a concurrent call (the object exists) or aborted (it does not).
                Optional<FileItem> raced = files.find(ownerId, fileId);
                if (raced.isPresent()) {
                    return new Completion(FileView.from(raced.get()), false);
                }
            }
        }
        TransferStore.ObjectFacts object = transfers.head(pending.objectKey()).orElseThrow(() -> new ProblemException(
                409, "upload_incomplete", "The file has not been uploaded yet: PUT it to the presigned URL first.",
                Map.of()));
        if (object.sizeBytes() != pending.sizeBytes()) {
            discard(pending);
            throw new ProblemException(422, "size_mismatch", "The stored object has " + object.sizeBytes()
                    + " bytes, not the " + pending.sizeBytes() + " announced; it was removed. Upload it again.",
                    Map.of("expectedBytes", pending.sizeBytes(), "actualBytes", object.sizeBytes()));
        }
        if (object.checksumSha256Base64() != null && !object.checksumSha256Base64().equals(base64(pending.sha256()))) {
            discard(pending);
            throw new ProblemException(422, "checksum_mismatch",
                    "The stored object's SHA-256 is not the one announced; it was removed. Upload it again.",
                    Map.of());
        }
        FileItem item = FileItem.uploaded(ownerId, fileId, pending.objectKey(), pending.fileName(),
                pending.sizeBytes(), pending.contentType(), pending.sha256(), pending.comment(), pending.createdAt());
        boolean created = files.insertIfAbsent(item);
        transfers.deleteQuietly(pending.manifestKey());
        if (!created) {
            return new Completion(files.find(ownerId, fileId).map(FileView::from).orElseThrow(
                    ProblemException::notFound), false);
        }
        outcomes.accepted(fileId, item.sizeBytes());
        return new Completion(FileView.from(item), true);
    }

    /**
     * Aborts an unfinished upload: aborts the multipart upload (S3 discards its parts) or deletes the object of a
     * single PUT, then forgets the upload.
     *
     * @throws ProblemException {@code not_found} (404), {@code already_completed} (409: delete the file instead)
     */
    public void abort(String ownerId, String fileId) {
        if (!FileQueryService.isFileId(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        if (files.find(ownerId, fileId).isPresent()) {
            throw new ProblemException(409, "already_completed",
                    "This upload is complete; delete the file with DELETE /files/" + fileId + ".", Map.of());
        }
        discard(pending(ownerId, fileId));
    }

    private void discard(PendingUpload pending) {
        if (pending.multipart()) {
            transfers.abortMultipart(pending.objectKey(), pending.multipartUploadId());
        }
        transfers.delete(pending.objectKey());
        transfers.delete(pending.manifestKey());
        LOG.debugf("Upload %s discarded", pending.fileId());
    }

    private PendingUpload pending(String ownerId, String fileId) {
        if (!FileQueryService.isFileId(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        return transfers.findPending(ownerId, fileId).orElseThrow(ProblemException::notFound);
    }

    private PartUrls presignParts(PendingUpload pending, List<Integer> numbers) {
        List<PartUrl> urls = new ArrayList<>();
        PresignedUrl last = null;
        for (int n : numbers) {
            long length = pending.partLength(n);
            last = transfers.presignPart(pending.objectKey(), pending.multipartUploadId(), n, length,
                    limits.uploadUrlTtl());
            urls.add(new PartUrl(n, last.url(), length));
        }
        return new PartUrls(pending.fileId(), last.headers(), last.expiresAt().toString(), urls);
    }

    private Map<Integer, String> checkCompletedParts(PendingUpload pending, CompleteRequest request) {
        List<CompletedPartJson> parts = request == null ? null : request.parts();
        if (parts == null || parts.size() != pending.partCount()) {
            throw invalidParts("List all " + pending.partCount() + " parts with the ETag S3 returned for each.");
        }
        Map<Integer, String> byNumber = new LinkedHashMap<>();
        for (CompletedPartJson part : parts) {
            if (part == null || part.partNumber() == null || part.partNumber() < 1
                    || part.partNumber() > pending.partCount() || part.etag() == null || part.etag().isBlank()
                    || byNumber.put(part.partNumber(), part.etag()) != null) {
                throw invalidParts("Each part needs a distinct partNumber from 1 to " + pending.partCount()
                        + " and its etag.");
            }
        }
        return new HashMap<>(byNumber);
    }

    private long checkSize(Long sizeBytes) {
        if (sizeBytes == null || sizeBytes < 0) {
            throw ProblemException.badRequest("invalid_size", "sizeBytes must be the file's size in bytes.");
        }
        if (sizeBytes == 0) {
            throw ProblemException.badRequest("empty_file", "The file is empty.");
        }
        if (sizeBytes > limits.maxBytes()) {
            throw UploadValidator.fileTooLarge(limits.maxBytes());
        }
        return sizeBytes;
    }

    /** The configured part size, or larger (whole MiB) when the file would otherwise need more than maxParts. */
    long partSize(long size) {
        long needed = (size + limits.maxParts() - 1) / limits.maxParts();
        long rounded = (needed + MIB - 1) / MIB * MIB;
        return Math.max(limits.partBytes(), rounded);
    }

    private static ProblemException invalidParts(String detail) {
        return ProblemException.badRequest("invalid_parts", detail);
    }

    static String base64(String sha256Hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }
}
