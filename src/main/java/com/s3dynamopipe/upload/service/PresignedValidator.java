package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.PartPlan;
import com.s3dynamopipe.upload.dto.CompleteRequest;
import com.s3dynamopipe.upload.dto.CompletedPartJson;
import com.s3dynamopipe.upload.dto.PartChecksum;
import com.s3dynamopipe.upload.dto.UploadRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of docs/design.md ("Presigned uploads") for the presigned path's requests: the announcement of
 * {@code POST /uploads} (with the shared {@link UploadRules}), its part checksums, the part numbers of
 * {@code POST /uploads/{id}/parts} and the parts of {@code complete}. Every check throws a {@link ProblemException}
 * with the design's code when a rule is broken.
 */
@ApplicationScoped
public class PresignedValidator {

    private final AppConfig.Presigned limits;

    /** @param config application configuration ({@code app.presigned.*}) */
    public PresignedValidator(AppConfig config) {
        this.limits = config.presigned();
    }

    /**
     * @param request the announcement, {@code null} when the body was not a JSON object
     * @return the announced size in bytes
     * @throws ProblemException {@code malformed_body}, {@code invalid_file_name}, {@code invalid_content_type},
     *                          {@code invalid_size}, {@code empty_file}, {@code invalid_sha256},
     *                          {@code comment_too_long}, {@code invalid_comment} (400), {@code file_too_large} (413,
     *                          {@code limitBytes})
     */
    public long checkAnnouncement(UploadRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("malformed_body", "Send the upload's description as a JSON object.");
        }
        UploadRules.checkFileName(request.fileName(), UploadRules.Body.JSON);
        UploadRules.checkContentType(request.contentType(), UploadRules.Body.JSON);
        Long size = request.sizeBytes();
        if (size == null || size < 0) {
            throw ProblemException.badRequest("invalid_size", "sizeBytes must be the file's size in bytes.");
        }
        if (size == 0) {
            throw ProblemException.badRequest("empty_file", "The file is empty.");
        }
        if (size > limits.maxBytes()) {
            throw UploadRules.fileTooLarge(limits.maxBytes());
        }
        if (!UploadRules.isSha256Hex(request.sha256())) {
            throw ProblemException.badRequest(
                    "invalid_sha256", "sha256 must be the file's SHA-256 as 64 lowercase hexadecimal digits.");
        }
        if (request.comment() != null && !request.comment().isEmpty()) {
            UploadRules.checkComment(request.comment());
        }
        return size;
    }

    /**
     * @param checksums the announcement's {@code partChecksums}, as sent
     * @param plan      how the file is cut
     * @return the parts' SHA-256 digests in part order (lowercase hex)
     * @throws ProblemException {@code invalid_parts} (400, with {@code partSizeBytes} and {@code partCount}) unless
     *                          there is exactly one entry per part, numbered 1 to {@code partCount}, each with 64
     *                          lowercase hex digits
     */
    public List<String> checkPartChecksums(List<PartChecksum> checksums, PartPlan plan) {
        int partCount = plan.partCount();
        String rule = " Send partChecksums: the SHA-256 of each of the " + partCount + " parts of "
                + plan.partSizeBytes() + " bytes (the last one shorter), numbered 1 to " + partCount + ".";
        if (checksums == null || checksums.isEmpty()) {
            throw invalidParts("A multipart upload needs partChecksums." + rule, plan);
        }
        if (checksums.size() != partCount) {
            throw invalidParts(
                    "partChecksums has " + checksums.size() + " entries, not " + partCount + "." + rule, plan);
        }
        String[] byNumber = new String[partCount];
        for (PartChecksum checksum : checksums) {
            if (checksum == null
                    || checksum.partNumber() == null
                    || checksum.partNumber() < 1
                    || checksum.partNumber() > partCount
                    || byNumber[checksum.partNumber() - 1] != null) {
                throw invalidParts(
                        "Each partChecksums entry needs a distinct partNumber from 1 to " + partCount + "." + rule,
                        plan);
            }
            if (!UploadRules.isSha256Hex(checksum.sha256())) {
                throw invalidParts(
                        "The sha256 of part " + checksum.partNumber() + " is not 64 lowercase " + "hexadecimal digits."
                                + rule,
                        plan);
            }
            byNumber[checksum.partNumber() - 1] = checksum.sha256();
        }
        return List.of(byNumber);
    }

    /**
     * @param checksums the announcement's {@code partChecksums} of a file sent with one PUT
     * @throws ProblemException {@code invalid_parts} (400, with {@code partSizeBytes} and {@code partCount} 1) if
     *                          any are sent
     */
    public void checkNoPartChecksums(List<PartChecksum> checksums, long size) {
        if (checksums != null && !checksums.isEmpty()) {
            throw invalidParts(
                    "A file of " + size + " bytes is sent with one PUT: send no partChecksums.",
                    new PartPlan(size, size, 1));
        }
    }

    /**
     * @param numbers   the part numbers asked for, as sent
     * @param partCount the upload's number of parts
     * @throws ProblemException {@code invalid_parts} (400) unless 1 to {@code partUrlsPerRequest} distinct numbers
     *                          from 1 to {@code partCount}
     */
    public void checkPartNumbers(List<Integer> numbers, int partCount) {
        if (numbers == null || numbers.isEmpty() || numbers.size() > limits.partUrlsPerRequest()) {
            throw invalidParts("partNumbers must list 1 to " + limits.partUrlsPerRequest() + " part numbers.");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer n : numbers) {
            if (n == null || n < 1 || n > partCount || !seen.add(n)) {
                throw invalidParts("Part numbers must be distinct, from 1 to " + partCount + ".");
            }
        }
    }

    /**
     * @param request   the body of {@code complete}, {@code null} when absent
     * @param partCount the upload's number of parts
     * @return part number to ETag, every part
     * @throws ProblemException {@code invalid_parts} (400) unless every part is listed once with its ETag
     */
    public Map<Integer, String> checkCompletedParts(CompleteRequest request, int partCount) {
        List<CompletedPartJson> parts = request == null ? null : request.parts();
        if (parts == null || parts.size() != partCount) {
            throw invalidParts("List all " + partCount + " parts with the ETag S3 returned for each.");
        }
        Map<Integer, String> byNumber = new HashMap<>();
        for (CompletedPartJson part : parts) {
            if (part == null
                    || part.partNumber() == null
                    || part.partNumber() < 1
                    || part.partNumber() > partCount
                    || part.etag() == null
                    || part.etag().isBlank()
                    || byNumber.put(part.partNumber(), part.etag()) != null) {
                throw invalidParts("Each part needs a distinct partNumber from 1 to " + partCount + " and its etag.");
            }
        }
        return byNumber;
    }

    private static ProblemException invalidParts(String detail) {
        return ProblemException.badRequest("invalid_parts", detail);
    }

    private static ProblemException invalidParts(String detail, PartPlan plan) {
        return new ProblemException(
                400,
                "invalid_parts",
                detail,
                Map.of("partSizeBytes", plan.partSizeBytes(), "partCount", plan.partCount()));
    }
}
