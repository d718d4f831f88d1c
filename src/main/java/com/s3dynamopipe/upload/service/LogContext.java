package com.s3dynamopipe.upload.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jboss.logging.MDC;

/**
 * The fields that every log line written while serving a request carries (docs/design.md, "Logs and metrics"),
 * kept in the logging MDC, which Quarkus' JSON log format writes as {@code "mdc": {…}}:
 * <ul>
 *   <li>{@value #REQUEST_ID}: the Lambda request id ({@code Context.getAwsRequestId()}), the same key the Quarkus
 *       Lambda runtime uses for its own lines;</li>
 *   <li>{@value #OWNER_REF}: the caller's opaque owner reference, {@link #ownerRef(String)}; never the raw
 *       {@code sub}, user name or email;</li>
 *   <li>{@value #FILE_ID}: the file the request is about, once it is known.</li>
 * </ul>
 * Quarkus keeps the MDC of a request in its Vert.x (duplicated) context, which the request's worker thread shares;
 * {@link #clear()} removes the fields when the request ends, since Lambda reuses the process.
 */
public final class LogContext {

    /** MDC key of the Lambda request id. */
    public static final String REQUEST_ID = "AWSRequestId";

    /** MDC key of the opaque owner reference. */
    public static final String OWNER_REF = "ownerRef";

    /** MDC key of the file id. */
    public static final String FILE_ID = "fileId";

    /** Hex digits kept of the owner id's SHA-256 (64 bits). */
    private static final int OWNER_REF_HEX_DIGITS = 16;

    private LogContext() {}

    /** @param requestId the Lambda request id of the request being served; ignored when {@code null} */
    public static void requestId(String requestId) {
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
    }

    /** @return the Lambda request id of the request being served, or {@code null} */
    public static String requestId() {
        return value(REQUEST_ID);
    }

    /** @param ownerId the authenticated caller's {@code sub}; logged only as {@link #ownerRef(String)} */
    public static void owner(String ownerId) {
        if (ownerId != null) {
            MDC.put(OWNER_REF, ownerRef(ownerId));
        }
    }

    /** @param fileId the file the request is about (a UUID, never other user input) */
    public static void file(String fileId) {
        if (fileId != null) {
            MDC.put(FILE_ID, fileId);
        }
    }

    /** @return the file id of the request being served, or {@code null} */
    public static String fileId() {
        return value(FILE_ID);
    }

    /** Removes every field of this class from the current MDC. */
    public static void clear() {
        MDC.remove(REQUEST_ID);
        MDC.remove(OWNER_REF);
        MDC.remove(FILE_ID);
    }

    /**
     * The opaque owner reference that logs carry instead of the owner id: the first 16 lowercase hex digits (64
     * bits) of the SHA-256 of the owner id's UTF-8 bytes. The same owner has the same reference in both functions,
     * and an operator who knows a user's {@code sub} finds their lines with
     * {@code printf %s "$sub" | sha256sum | cut -c1-16}; the logs alone do not reveal it.
     *
     * @param ownerId the owner id (the Cognito {@code sub})
     * @return 16 lowercase hex digits
     */
    public static String ownerRef(String ownerId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ownerId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, OWNER_REF_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String value(String key) {
        Object value = MDC.get(key);
        return value == null ? null : value.toString();
    }
}
