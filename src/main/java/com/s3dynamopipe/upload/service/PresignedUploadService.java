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
import com.s3dynamopipe.upload.dto.PartChecksum;
import com.s3dynamopipe.upload.dto.PartUrl;
import com.s3dynamopipe.upload.dto.PartUrls;
import com.s3dynamopipe.upload.dto.PartsRequest;
import com.s3dynamopipe.upload.dto.UploadLimits;
import com.s3dynamopipe.upload.dto.UploadRequest;
import com.s3dynamopipe.upload.dto.UploadStatus;
import com.s3dynamopipe.upload.dto.UploadTicket;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import java.util.TreeMap;
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
    private static final String CHECKSUM_HEADER = "x-amz-checksum-sha256";

    /** {@code mode} of an upload with one PUT. */
    public static final String SINGLE = "single";

    /** {@code mode} of a multipart upload. */
    public static final String MULTIPART = "multipart";

    private final TransferStore transfers;
    private final FileTable files;
    private final UploadOutcomes outcomes;
    private final UsageService quotas;
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
     * @param quotas    the caller's quotas and the claims on each upload
     */
    public PresignedUploadService(TransferStore transfers, FileTable files, AppConfig config,
            UploadOutcomes outcomes, UsageService quotas) {
        this.transfers = transfers;
        this.quotas = quotas;
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
     *                          {@code comment_too_long} (400), {@code file_too_large} (413, {@code limitBytes}),
     *                          {@code quota_exceeded} (409: the upload is reserved against the caller's quotas
     *                          before anything is stored)
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
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
        String createdAt = UploadService.TIMESTAMP.format(now);
        String expiresAt = UploadService.TIMESTAMP.format(now.plus(limits.uploadDeadline()));

        quotas.reservePending(ownerId, fileId, size, now.plus(limits.uploadDeadline()));
        try {
            return startReserved(ownerId, fileId, request, size, contentType, comment, objectKey, createdAt,
                    expiresAt);
        } catch (RuntimeException e) {
            quotas.releasePending(ownerId, fileId, size);
            throw e;
        }
    }

    /** {@link #start} once the upload is reserved: the S3 side (presigned PUT, or multipart upload and parts). */
    private UploadTicket startReserved(String ownerId, String fileId, UploadRequest request, long size,
            String contentType, String comment, String objectKey, String createdAt, String expiresAt) {
        if (size <= limits.singlePutMaxBytes()) {
            if (request.partChecksums() != null && !request.partChecksums().isEmpty()) {
                throw invalidParts("A file of " + size + " bytes is sent with one PUT: send no partChecksums.", size,
                        1);
            }
            PendingUpload pending = new PendingUpload(ownerId, fileId, objectKey, request.fileName(), size,
                    contentType, request.sha256(), comment, createdAt, null, size, 1, expiresAt, null);
            PresignedUrl put = transfers.presignPut(pending.stagedKey(), contentType, size, base64(request.sha256()),
                    urlTtl(pending));
            transfers.putPending(pending);
            return new UploadTicket(fileId, SINGLE, size, size, 1, put.headers(), put.expiresAt().toString(),
                    List.of(new PartUrl(1, put.url(), size, Map.of())), limits(), expiresAt);
        }
        long partSize = partSize(size);
        int partCount = (int) ((size + partSize - 1) / partSize);
        List<String> partSha256 = checkPartChecksums(request.partChecksums(), partSize, partCount);
        String uploadId = transfers.createMultipart(objectKey, contentType);
        PendingUpload pending = new PendingUpload(ownerId, fileId, objectKey, request.fileName(), size, contentType,
                request.sha256(), comment, createdAt, uploadId, partSize, partCount, expiresAt, partSha256);
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
                urls.parts(), limits(), expiresAt);
    }

    /**
     * Presigns (again) some parts of a multipart upload, e.g. after the first URLs expired or beyond the first
     * {@code partUrlsPerRequest}.
     *
     * The URLs never outlive the upload's deadline.
     *
     * @throws ProblemException {@code not_found} (404) for no such pending upload of this caller,
     *                          {@code upload_expired} (410) past its deadline,
     *                          {@code not_multipart} (409) for a single-PUT upload, {@code invalid_parts} (400)
     */
    public PartUrls parts(String ownerId, String fileId, PartsRequest request) {
        PendingUpload pending = unexpired(ownerId, fileId);
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
     * @throws ProblemException {@code not_found} (404), {@code upload_expired} (410) past its deadline
     */
    public UploadStatus status(String ownerId, String fileId) {
        PendingUpload pending = unexpired(ownerId, fileId);
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
                pending.createdAt(), deadlineText(pending), uploaded);
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
        if (!FileQueryService.isFileId(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        Optional<FileItem> done = files.find(ownerId, fileId);
        if (done.isPresent()) {
            return new Completion(FileView.from(done.get()), false);
        }
        PendingUpload pending = unexpired(ownerId, fileId);
        // One request at a time: the claim on the upload's reservation (lost to a concurrent abort or completion).
        Optional<UsageService.Claim> claim = quotas.claim(ownerId, fileId, pending.sizeBytes());
        if (claim.isEmpty()) {
            return new Completion(files.find(ownerId, fileId).map(FileView::from).orElseThrow(
                    ProblemException::notFound), false);
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
    private Completion completeClaimed(String ownerId, String fileId, PendingUpload pending,
            CompleteRequest request) {
        if (pending.multipart()) {
            Map<Integer, String> parts = checkCompletedParts(pending, request);
            try {
                transfers.completeMultipart(pending.objectKey(), pending.multipartUploadId(), parts,
                        partChecksumsBase64(pending));
            } catch (TransferStore.PartsRejectedException e) {
                throw new ProblemException(409, "parts_mismatch", "S3 does not hold these parts with these ETags ("
                        + e.s3Code() + "); upload the missing parts or send the ETags S3 returned.", Map.of());
            } catch (TransferStore.NoSuchUploadException e) {
                // Completed by an earlier claim holder that ended before writing the item (the object exists).
                Optional<FileItem> raced = files.find(ownerId, fileId);
                if (raced.isPresent()) {
                    return new Completion(FileView.from(raced.get()), false);
                }
            }
        }
        String uploadedKey = pending.multipart() ? pending.objectKey() : pending.stagedKey();
        TransferStore.ObjectFacts object = transfers.head(uploadedKey).orElseThrow(() -> new ProblemException(
                409, "upload_incomplete", "The file has not been uploaded yet: PUT it to the presigned URL first.",
                Map.of()));
        if (object.sizeBytes() != pending.sizeBytes()) {
            discard(pending);
            throw new ProblemException(422, "size_mismatch", "The stored object has " + object.sizeBytes()
                    + " bytes, not the " + pending.sizeBytes() + " announced; it was removed. Upload it again.",
                    Map.of("expectedBytes", pending.sizeBytes(), "actualBytes", object.sizeBytes()));
        }
        if (object.checksumSha256Base64() != null && !object.checksumSha256Base64().equals(expectedChecksum(pending,
                object.checksumSha256Base64()))) {
            discard(pending);
            throw new ProblemException(422, "checksum_mismatch",
                    "The stored object's SHA-256 is not the one announced; it was removed. Upload it again.",
                    Map.of());
        }
        if (object.contentEncoding() != null) {
            // A PUT may add unsigned headers: with Content-Encoding the browser would unpack the download, and the
            // bytes people get would not be the ones whose SHA-256 was verified.
            discard(pending);
            throw new ProblemException(422, "content_encoding_not_allowed", "The file was uploaded with "
                    + "Content-Encoding; it was removed. Upload it again with only the headers the ticket lists.",
                    Map.of());
        }
        if (!pending.multipart() && !transfers.copy(pending.stagedKey(), pending.objectKey())) {
            throw new ProblemException(409, "upload_incomplete",
                    "The file has not been uploaded yet: PUT it to the presigned URL first.", Map.of());
        }
        FileItem item = FileItem.uploaded(ownerId, fileId, pending.objectKey(), pending.fileName(),
                pending.sizeBytes(), pending.contentType(), pending.sha256(), pending.comment(), pending.createdAt());
        boolean created;
        try {
            created = files.insertIfAbsent(item);
        } catch (StorageException e) {
            if (!pending.multipart()) {
                // The staged object is still there, so completing again can copy it again: no copy without item.
                transfers.deleteQuietly(pending.objectKey());
            }
            throw e;
        }
        forget(pending);
        if (!created) {
            return new Completion(files.find(ownerId, fileId).map(FileView::from).orElseThrow(
                    ProblemException::notFound), false);
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
        if (!FileQueryService.isFileId(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        if (files.find(ownerId, fileId).isPresent()) {
            throw alreadyCompleted(fileId);
        }
        PendingUpload pending = pending(ownerId, fileId);
        // Ends the reservation unless a completion holds the claim; once it is gone no completion can start, so
        // a file that does not exist now never will.
        quotas.endForAbort(ownerId, fileId);
        if (files.find(ownerId, fileId).isPresent()) {
            throw alreadyCompleted(fileId);
        }
        discard(pending);
    }

    private static ProblemException alreadyCompleted(String fileId) {
        return new ProblemException(409, "already_completed",
                "This upload is complete; delete the file with DELETE /files/" + fileId + ".", Map.of());
    }

    /** Ends an upload that never became a file: its parts, any object of it, its staged object and its record. */
    private void discard(PendingUpload pending) {
        if (pending.multipart()) {
            transfers.abortMultipart(pending.objectKey(), pending.multipartUploadId());
        }
        transfers.deleteEveryVersion(pending.objectKey(), pending.stagedKey(), pending.manifestKey());
        LOG.debugf("Upload %s discarded", pending.fileId());
    }

    /** After the item was written: the staged object and the record are no longer needed (failures only logged). */
    private void forget(PendingUpload pending) {
        try {
            transfers.deleteEveryVersion(pending.stagedKey(), pending.manifestKey());
        } catch (StorageException e) {
            LOG.warnf("Upload %s: its pending record could not be deleted (the lifecycle rule will): %s",
                    pending.fileId(), e.getMessage());
        }
    }

    private PendingUpload pending(String ownerId, String fileId) {
        if (!FileQueryService.isFileId(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        return transfers.findPending(ownerId, fileId).orElseThrow(ProblemException::notFound);
    }

    /** The pending upload, if its deadline has not passed. */
    private PendingUpload unexpired(String ownerId, String fileId) {
        PendingUpload pending = pending(ownerId, fileId);
        Instant deadline = pending.deadline(limits.uploadDeadline());
        if (!Instant.now(clock).isBefore(deadline)) {
            throw expired(deadline);
        }
        return pending;
    }

    private static ProblemException expired(Instant deadline) {
        return new ProblemException(410, "upload_expired", "This upload was not completed before its deadline "
                + deadline + "; start a new upload.", Map.of("deadline", deadline.toString()));
    }

    /**
     * The URL lifetime: the configured one, but never past the upload's deadline. URLs expire in whole seconds
     * counted from the signer's clock, so a second is kept in hand; with less than that left the upload is expired.
     */
    private Duration urlTtl(PendingUpload pending) {
        Instant deadline = pending.deadline(limits.uploadDeadline());
        Duration left = Duration.between(Instant.now(clock), deadline).truncatedTo(ChronoUnit.SECONDS)
                .minusSeconds(1);
        if (left.compareTo(Duration.ofSeconds(1)) < 0) {
            throw expired(deadline);
        }
        return limits.uploadUrlTtl().compareTo(left) < 0 ? limits.uploadUrlTtl() : left;
    }

    private String deadlineText(PendingUpload pending) {
        return pending.deadline(limits.uploadDeadline()).toString();
    }

    /**
     * Presigns parts; each URL signs its part's length and SHA-256. The answer's common {@code headers} are the
     * signed headers every part shares; each part's own {@code headers} hold its {@code x-amz-checksum-sha256}.
     */
    private PartUrls presignParts(PendingUpload pending, List<Integer> numbers) {
        List<PartUrl> urls = new ArrayList<>();
        Map<String, String> common = Map.of();
        String expiresAt = null;
        Duration ttl = urlTtl(pending);
        for (int n : numbers) {
            long length = pending.partLength(n);
            PresignedUrl url = transfers.presignPart(pending.objectKey(), pending.multipartUploadId(), n, length,
                    pending.partSha256Base64(n), ttl);
            Map<String, String> own = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            Map<String, String> shared = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            url.headers().forEach((name, value) -> (CHECKSUM_HEADER.equalsIgnoreCase(name) ? own : shared)
                    .put(name, value));
            common = shared;
            expiresAt = url.expiresAt().toString();
            urls.add(new PartUrl(n, url.url(), length, own));
        }
        return new PartUrls(pending.fileId(), common, expiresAt, urls);
    }

    /**
     * @return the parts' SHA-256 digests in part order (lowercase hex)
     * @throws ProblemException {@code invalid_parts} (400, with {@code partSizeBytes} and {@code partCount}) unless
     *                          there is exactly one entry per part, numbered 1 to {@code partCount}, each with 64
     *                          lowercase hex digits
     */
    private static List<String> checkPartChecksums(List<PartChecksum> checksums, long partSize, int partCount) {
        String rule = " Send partChecksums: the SHA-256 of each of the " + partCount + " parts of " + partSize
                + " bytes (the last one shorter), numbered 1 to " + partCount + ".";
        if (checksums == null || checksums.isEmpty()) {
            throw invalidParts("A multipart upload needs partChecksums." + rule, partSize, partCount);
        }
        if (checksums.size() != partCount) {
            throw invalidParts("partChecksums has " + checksums.size() + " entries, not " + partCount + "." + rule,
                    partSize, partCount);
        }
        String[] byNumber = new String[partCount];
        for (PartChecksum checksum : checksums) {
            if (checksum == null || checksum.partNumber() == null || checksum.partNumber() < 1
                    || checksum.partNumber() > partCount || byNumber[checksum.partNumber() - 1] != null) {
                throw invalidParts("Each partChecksums entry needs a distinct partNumber from 1 to " + partCount
                        + "." + rule, partSize, partCount);
            }
            if (checksum.sha256() == null || !SHA256_HEX.matcher(checksum.sha256()).matches()) {
                throw invalidParts("The sha256 of part " + checksum.partNumber() + " is not 64 lowercase "
                        + "hexadecimal digits." + rule, partSize, partCount);
            }
            byNumber[checksum.partNumber() - 1] = checksum.sha256();
        }
        return List.of(byNumber);
    }

    /**
     * The composite checksum S3 keeps for a multipart object created with {@code ChecksumAlgorithm SHA256}: the
     * SHA-256 of the parts' digests concatenated in part order, in base64, then {@code -} and the part count (AWS doc
     * "Checking object integrity", "Using part-level checksums for multipart uploads").
     */
    static String compositeSha256(List<String> partSha256) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        partSha256.forEach(hex -> digest.update(HexFormat.of().parseHex(hex)));
        return Base64.getEncoder().encodeToString(digest.digest()) + "-" + partSha256.size();
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

    private static ProblemException invalidParts(String detail, long partSize, int partCount) {
        return new ProblemException(400, "invalid_parts", detail,
                Map.of("partSizeBytes", partSize, "partCount", partCount));
    }

    /** @return part number to base64 SHA-256 for CompleteMultipartUpload (empty for an upload without them) */
    private static Map<Integer, String> partChecksumsBase64(PendingUpload pending) {
        Map<Integer, String> checksums = new HashMap<>();
        if (pending.partSha256() != null) {
            for (int n = 1; n <= pending.partCount(); n++) {
                checksums.put(n, pending.partSha256Base64(n));
            }
        }
        return checksums;
    }

    /**
     * What S3's stored checksum must be: a composite one ({@code "<base64>-<parts>"}) is the SHA-256 of the announced
     * part digests; a full-object one the announced SHA-256 of the file.
     */
    private static String expectedChecksum(PendingUpload pending, String stored) {
        return stored.indexOf('-') >= 0 && pending.partSha256() != null ? compositeSha256(pending.partSha256())
                : base64(pending.sha256());
    }

    static String base64(String sha256Hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }
}
