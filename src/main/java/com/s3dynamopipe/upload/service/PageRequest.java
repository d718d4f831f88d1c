package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.domain.FileIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A page of {@code GET /files} as asked for, and the rules of its query parameters (docs/design.md, "HTTP API"):
 * {@code limit}, 1–{@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT}), and {@code cursor}, the opaque
 * {@code nextCursor} of the previous page. Each may appear once; an empty value is invalid, not absent.
 *
 * @param limit   page size
 * @param afterId the file id the page starts after (newest first), or {@code null} for the first page
 */
public record PageRequest(int limit, String afterId) {

    /** Page size when {@code limit} is absent. */
    public static final int DEFAULT_LIMIT = 20;

    /** Largest accepted {@code limit}. */
    public static final int MAX_LIMIT = 100;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,3}");

    /**
     * @param limit  every {@code limit} query value as sent, or {@code null}
     * @param cursor every {@code cursor} query value as sent, or {@code null}
     * @return the page asked for
     * @throws ProblemException {@code invalid_limit} or {@code invalid_cursor} (400), also for a repeated parameter
     */
    public static PageRequest of(List<String> limit, List<String> cursor) {
        String cursorValue = single(cursor, PageRequest::invalidCursor);
        return new PageRequest(
                parseLimit(single(limit, PageRequest::invalidLimit)),
                cursorValue == null ? null : decodeCursor(cursorValue));
    }

    /**
     * @param fileId the last file id of a page
     * @return the opaque cursor of the page after it: base64url (no padding) of the id's ASCII bytes
     */
    public static String cursorAfter(String fileId) {
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

    private static String single(List<String> values, Supplier<ProblemException> invalid) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw invalid.get();
        }
        return values.get(0);
    }

    private static ProblemException invalidCursor() {
        return ProblemException.badRequest("invalid_cursor", "The cursor is not one this API returned.");
    }

    private static ProblemException invalidLimit() {
        return ProblemException.badRequest("invalid_limit", "limit must be an integer from 1 to " + MAX_LIMIT + ".");
    }
}
