package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.MultipartUploads;
import com.s3dynamopipe.upload.aws.PendingUploadStore;
import com.s3dynamopipe.upload.aws.PresignedUrl;
import com.s3dynamopipe.upload.aws.Presigner;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.FileIds;
import com.s3dynamopipe.upload.domain.PartPlan;
import com.s3dynamopipe.upload.domain.PendingUpload;
import com.s3dynamopipe.upload.domain.Sha256;
import com.s3dynamopipe.upload.domain.StorageKeys;
import com.s3dynamopipe.upload.domain.Timestamps;
import com.s3dynamopipe.upload.dto.PartUrl;
import com.s3dynamopipe.upload.dto.PartUrls;
import com.s3dynamopipe.upload.dto.UploadLimits;
import com.s3dynamopipe.upload.dto.UploadRequest;
import com.s3dynamopipe.upload.dto.UploadTicket;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The start of the presigned path (docs/design.md, "Presigned uploads"): the browser PUTs the bytes
 * straight to S3 with URLs this service signs, in one PUT or as a multipart upload. Until it is completed
 * ({@link PresignedCompletionService}) the upload is a {@link PendingUpload} record in S3, invisible to the table,
 * the stream and {@code GET /files}; its part URLs and status are {@link PresignedPartsService}.
 */
@ApplicationScoped
public class PresignedUploadService {

    /** {@code mode} of an upload with one PUT. */
    public static final String SINGLE = "single";

    /** {@code mode} of a multipart upload. */
    public static final String MULTIPART = "multipart";

    private final Presigner presigner;
    private final PresignedPartsService partUrls;
    private final MultipartUploads multipart;
    private final PendingUploadStore records;
    private final PendingUploads pendingUploads;
    private final PresignedValidator validator;
    private final UsageService quotas;
    private final FileIds ids;
    private final Clock clock;
    private final AppConfig.Presigned limits;

    /**
     * @param presigner      signs the single PUT's URL
     * @param partUrls       signs the first part URLs of a multipart upload
     * @param multipart      S3 multipart uploads
     * @param records        where pending upload records are stored
     * @param pendingUploads finds pending uploads and keeps their deadline
     * @param validator      the presigned path's request rules
     * @param quotas         the caller's quotas: an upload is reserved before anything is stored
     * @param ids            file id generator
     * @param clock          the clock of {@code createdAt} and the deadline
     * @param config         application configuration ({@code app.presigned.*})
     */
    public PresignedUploadService(
            Presigner presigner,
            PresignedPartsService partUrls,
            MultipartUploads multipart,
            PendingUploadStore records,
            PendingUploads pendingUploads,
            PresignedValidator validator,
            UsageService quotas,
            FileIds ids,
            Clock clock,
            AppConfig config) {
        this.presigner = presigner;
        this.partUrls = partUrls;
        this.multipart = multipart;
        this.records = records;
        this.pendingUploads = pendingUploads;
        this.validator = validator;
        this.quotas = quotas;
        this.ids = ids;
        this.clock = clock;
        this.limits = config.presigned();
    }

    /** @return the limits stated in every ticket */
    public UploadLimits limits() {
        return new UploadLimits(
                limits.maxBytes(), limits.singlePutMaxBytes(), limits.maxParts(), limits.partUrlsPerRequest());
    }

    /**
     * Starts an upload: checks the announcement, then presigns one PUT (up to {@code singlePutMaxBytes}) or creates
     * a multipart upload and presigns its first parts. Nothing is written to the table.
     *
     * @param ownerId the caller's {@code sub}
     * @param request the announcement
     * @return the ticket
     * @throws ProblemException any code of {@link PresignedValidator#checkAnnouncement}, {@code invalid_parts}
     *                          (400), {@code quota_exceeded} (409: the upload is reserved against the caller's
     *                          quotas before anything is stored)
     */
    public UploadTicket start(String ownerId, UploadRequest request) {
        long size = validator.checkAnnouncement(request);
        String fileId = ids.generate();
        LogContext.file(fileId);
        Instant now = Timestamps.now(clock);
        Instant deadline = now.plus(limits.uploadDeadline());
        PendingUpload announced = new PendingUpload(
                ownerId,
                fileId,
                StorageKeys.file(ownerId, fileId),
                request.fileName(),
                size,
                UploadRules.contentTypeOrDefault(request.contentType()),
                request.sha256(),
                request.comment() == null || request.comment().isEmpty() ? null : request.comment(),
                Timestamps.format(now),
                null,
                size,
                1,
                Timestamps.format(deadline),
                null);

        quotas.reservePending(ownerId, fileId, size, deadline);
        try {
            return size <= limits.singlePutMaxBytes()
                    ? startSingle(announced, request)
                    : startMultipart(announced, request);
        } catch (RuntimeException e) {
            quotas.releasePending(ownerId, fileId, size);
            throw e;
        }
    }

    private UploadTicket startSingle(PendingUpload pending, UploadRequest request) {
        long size = pending.sizeBytes();
        validator.checkNoPartChecksums(request.partChecksums(), size);
        PresignedUrl put = presigner.presignPut(
                pending.stagedKey(),
                pending.contentType(),
                size,
                Sha256.base64(pending.sha256()),
                pendingUploads.urlTtl(pending));
        records.put(pending);
        return new UploadTicket(
                pending.fileId(),
                SINGLE,
                size,
                size,
                1,
                put.headers(),
                put.expiresAt().toString(),
                List.of(new PartUrl(1, put.url(), size, Map.of())),
                limits(),
                pending.expiresAt());
    }

    private UploadTicket startMultipart(PendingUpload announced, UploadRequest request) {
        PartPlan plan = PartPlan.of(announced.sizeBytes(), limits.partBytes(), limits.maxParts());
        List<String> partSha256 = validator.checkPartChecksums(request.partChecksums(), plan);
        String uploadId = multipart.create(announced.objectKey(), announced.contentType());
        PendingUpload pending = new PendingUpload(
                announced.ownerId(),
                announced.fileId(),
                announced.objectKey(),
                announced.fileName(),
                announced.sizeBytes(),
                announced.contentType(),
                announced.sha256(),
                announced.comment(),
                announced.createdAt(),
                uploadId,
                plan.partSizeBytes(),
                plan.partCount(),
                announced.expiresAt(),
                partSha256);
        try {
            records.put(pending);
        } catch (StorageException e) {
            multipart.abort(pending.objectKey(), uploadId);
            throw e;
        }
        List<Integer> first = new ArrayList<>();
        for (int n = 1; n <= Math.min(plan.partCount(), limits.partUrlsPerRequest()); n++) {
            first.add(n);
        }
        PartUrls urls = partUrls.presignParts(pending, first);
        return new UploadTicket(
                pending.fileId(),
                MULTIPART,
                pending.sizeBytes(),
                plan.partSizeBytes(),
                plan.partCount(),
                urls.headers(),
                urls.expiresAt(),
                urls.parts(),
                limits(),
                pending.expiresAt());
    }
}
