package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.MultipartUploads;
import com.s3dynamopipe.upload.aws.PresignedUrl;
import com.s3dynamopipe.upload.aws.Presigner;
import com.s3dynamopipe.upload.domain.PendingUpload;
import com.s3dynamopipe.upload.dto.CompletedPartJson;
import com.s3dynamopipe.upload.dto.PartUrl;
import com.s3dynamopipe.upload.dto.PartUrls;
import com.s3dynamopipe.upload.dto.PartsRequest;
import com.s3dynamopipe.upload.dto.UploadStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A started presigned upload before its completion (docs/design.md, "Presigned uploads"): the signed URLs of its
 * parts and its status, read from its {@link PendingUpload} record and, for multipart, from S3's list of parts.
 */
@ApplicationScoped
public class PresignedPartsService {

    private static final String CHECKSUM_HEADER = "x-amz-checksum-sha256";

    private final Presigner presigner;
    private final MultipartUploads multipart;
    private final PendingUploads pendingUploads;
    private final PresignedValidator validator;

    /**
     * @param presigner      signs the part URLs
     * @param multipart      S3 multipart uploads (the parts S3 holds)
     * @param pendingUploads finds pending uploads and keeps their deadline
     * @param validator      the presigned path's request rules
     */
    public PresignedPartsService(
            Presigner presigner,
            MultipartUploads multipart,
            PendingUploads pendingUploads,
            PresignedValidator validator) {
        this.presigner = presigner;
        this.multipart = multipart;
        this.pendingUploads = pendingUploads;
        this.validator = validator;
    }

    /**
     * Presigns (again) some parts of a multipart upload, e.g. after the first URLs expired or beyond the first
     * {@code partUrlsPerRequest}. The URLs never outlive the upload's deadline.
     *
     * @throws ProblemException {@code not_found} (404) for no such pending upload of this caller,
     *                          {@code upload_expired} (410) past its deadline,
     *                          {@code not_multipart} (409) for a single-PUT upload, {@code invalid_parts} (400)
     */
    public PartUrls parts(String ownerId, String fileId, PartsRequest request) {
        PendingUpload pending = pendingUploads.unexpired(ownerId, fileId);
        if (!pending.multipart()) {
            throw new ProblemException(
                    409, "not_multipart", "This upload is a single PUT; start a new upload for fresh URLs.", Map.of());
        }
        List<Integer> numbers = request == null ? null : request.partNumbers();
        validator.checkPartNumbers(numbers, pending.partCount());
        return presignParts(pending, numbers);
    }

    /**
     * @return the pending upload and, for multipart, the parts S3 already holds
     * @throws ProblemException {@code not_found} (404), {@code upload_expired} (410) past its deadline
     */
    public UploadStatus status(String ownerId, String fileId) {
        PendingUpload pending = pendingUploads.unexpired(ownerId, fileId);
        List<CompletedPartJson> uploaded = null;
        if (pending.multipart()) {
            try {
                uploaded = multipart.listParts(pending.objectKey(), pending.multipartUploadId()).stream()
                        .map(p -> new CompletedPartJson(p.partNumber(), p.etag(), p.sizeBytes()))
                        .toList();
            } catch (MultipartUploads.NoSuchUploadException e) {
                throw ProblemException.notFound();
            }
        }
        return new UploadStatus(
                pending.fileId(),
                pending.fileName(),
                pending.sizeBytes(),
                pending.contentType(),
                pending.multipart() ? PresignedUploadService.MULTIPART : PresignedUploadService.SINGLE,
                pending.partSizeBytes(),
                pending.partCount(),
                pending.createdAt(),
                pendingUploads.deadline(pending).toString(),
                uploaded);
    }

    /**
     * Presigns parts; each URL signs its part's length and SHA-256. The answer's common {@code headers} are the
     * signed headers every part shares; each part's own {@code headers} hold its {@code x-amz-checksum-sha256}.
     */
    PartUrls presignParts(PendingUpload pending, List<Integer> numbers) {
        List<PartUrl> urls = new ArrayList<>();
        Map<String, String> common = Map.of();
        String expiresAt = null;
        Duration ttl = pendingUploads.urlTtl(pending);
        for (int n : numbers) {
            long length = pending.partLength(n);
            PresignedUrl url = presigner.presignPart(
                    pending.objectKey(), pending.multipartUploadId(), n, length, pending.partSha256Base64(n), ttl);
            Map<String, String> own = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            Map<String, String> shared = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            url.headers()
                    .forEach((name, value) -> (CHECKSUM_HEADER.equalsIgnoreCase(name) ? own : shared).put(name, value));
            common = shared;
            expiresAt = url.expiresAt().toString();
            urls.add(new PartUrl(n, url.url(), length, own));
        }
        return new PartUrls(pending.fileId(), common, expiresAt, urls);
    }
}
