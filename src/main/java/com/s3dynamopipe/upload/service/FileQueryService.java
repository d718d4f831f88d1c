package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.domain.FileIds;
import com.s3dynamopipe.upload.domain.FileItem;
import com.s3dynamopipe.upload.dto.FilePage;
import com.s3dynamopipe.upload.dto.FileView;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the caller's own files: one by id, or a page newest first. Every read is keyed by the caller's owner id,
 * so another owner's file is indistinguishable from a missing one.
 */
@ApplicationScoped
public class FileQueryService {

    /** Page size when {@code limit} is absent. */
    public static final int DEFAULT_LIMIT = 20;

    /** Largest accepted {@code limit}. */
    public static final int MAX_LIMIT = 100;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");

    private final FileTable files;

    /** @param files DynamoDB adapter */
    public FileQueryService(FileTable files) {
        this.files = files;
    }

    /**
     * @param ownerId the caller's {@code sub}
     * @param fileId  the id from the path, as sent
     * @return the file
     * @throws ProblemException {@code not_found} if the id is not a UUID, is missing, or belongs to someone else
     */
    public FileView get(String ownerId, String fileId) {
        if (!FileIds.isValid(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        return files.find(ownerId, fileId).map(FileView::from).orElseThrow(ProblemException::notFound);
    }

    /**
     * Lists one page of the caller's files, newest first.
     *
     * @param ownerId the caller's {@code sub}
     * @param limit   every {@code limit} query value as sent (one value, 1–100), {@code null} for
     *                {@value #DEFAULT_LIMIT}
     * @param cursor  every {@code cursor} query value (one value: the previous page's {@code nextCursor}), or
     *                {@code null} for the first page
     * @return the page; {@code nextCursor} is set only when more files follow
     * @throws ProblemException {@code invalid_limit} or {@code invalid_cursor} (400), also for repeated parameters
     */
    public FilePage list(String ownerId, List<String> limit, List<String> cursor) {
        int pageSize = parseLimit(single(limit, FileQueryService::invalidLimit));
        String cursorValue = single(cursor, FileQueryService::invalidCursor);
        String after = cursorValue == null ? null : decodeCursor(cursorValue);
        // One extra item tells whether another page follows, so the last page carries no cursor.
        List<FileItem> items = files.listNewestFirst(ownerId, pageSize + 1, after);
        boolean more = items.size() > pageSize;
        List<FileItem> page = more ? items.subList(0, pageSize) : items;
        String next = more ? encodeCursor(page.get(page.size() - 1).fileId()) : null;
        return new FilePage(page.stream().map(FileView::from).toList(), next);
    }

    private static String single(List<String> values, java.util.function.Supplier<ProblemException> invalid) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw invalid.get();
        }
        return values.get(0);
    }

    /**
     * @param fileId the last file id of a page
     * @return the opaque cursor: base64url (no padding) of the id's ASCII bytes
     */
    public static String encodeCursor(String fileId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fileId.getBytes(StandardCharsets.US_ASCII));
    }

    static String decodeCursor(String cursor) {
        String fileId;
        try {
            fileId = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
        if (!FileIds.isValid(fileId)) {
            throw invalidCursor();
        }
        return fileId;
    }

    static int parseLimit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (!DIGITS.matcher(limit).matches()) {
            throw invalidLimit();
        }
        int value = Integer.parseInt(limit);
        if (value < 1 || value > MAX_LIMIT) {
            throw invalidLimit();
        }
        return value;
    }

    private static ProblemException invalidCursor() {
        return ProblemException.badRequest("invalid_cursor", "The cursor is not one this API returned.");
    }

    private static ProblemException invalidLimit() {
        return ProblemException.badRequest("invalid_limit", "limit must be an integer from 1 to " + MAX_LIMIT + ".");
    }
}
