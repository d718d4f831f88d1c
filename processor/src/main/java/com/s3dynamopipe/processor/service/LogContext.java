package com.s3dynamopipe.processor.service;

import com.s3dynamopipe.processor.model.FileKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The fields that every log line written while processing carries (docs/design.md, "Logs and metrics"), kept in the
 * logging MDC, which Quarkus' JSON log format writes as {@code "mdc": {…}}:
 * <ul>
 *   <li>{@value #REQUEST_ID}: the Lambda request id ({@code Context.getAwsRequestId()}), the key the Quarkus Lambda
 *       runtime itself uses for the invocation;</li>
 *   <li>{@value #OWNER_REF} and {@value #FILE_ID}: the item of the stream record being processed, the owner only as
 *       its opaque reference {@link #ownerRef(String)}, never the raw {@code sub}.</li>
 * </ul>
 * The handler runs on the Lambda runtime's thread, which serves one invocation after the other: {@link #invocation}
 * and {@link #endRecord()} remove what they set.
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

    private static final Pattern OWNER_SEGMENT = Pattern.compile("uploads/[^/]+/");

    private LogContext() {}

    /** The log context of one invocation; closing it restores the request id that was there before. */
    public static final class Invocation implements AutoCloseable {
        private final Object previous;

        private Invocation(Object previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            endRecord();
            if (previous == null) {
                MDC.remove(REQUEST_ID);
            } else {
                MDC.put(REQUEST_ID, previous);
            }
        }
    }

    /**
     * Starts the log context of an invocation.
     *
     * @param requestId the Lambda request id, or {@code null} (then the runtime's own value, if any, stays)
     * @return the context, to be closed when the invocation ends
     */
    public static Invocation invocation(String requestId) {
        Object previous = MDC.get(REQUEST_ID);
        if (requestId != null) {
            MDC.put(REQUEST_ID, requestId);
        }
        return new Invocation(previous);
    }

    /** @return the Lambda request id of the invocation, or {@code null} */
    public static String requestId() {
        Object value = MDC.get(REQUEST_ID);
        return value == null ? null : value.toString();
    }

    /** @param key the item whose stream record is being processed */
    public static void record(FileKey key) {
        MDC.put(FILE_ID, key.fileId());
        MDC.put(OWNER_REF, ownerRef(key.ownerId()));
    }

    /** @return the file id of the record being processed, or {@code null} */
    public static String fileId() {
        Object value = MDC.get(FILE_ID);
        return value == null ? null : value.toString();
    }

    /** Removes the record's fields ({@value #FILE_ID}, {@value #OWNER_REF}). */
    public static void endRecord() {
        MDC.remove(FILE_ID);
        MDC.remove(OWNER_REF);
    }

    /**
     * The opaque owner reference that logs carry instead of the owner id: the first 16 lowercase hex digits (64
     * bits) of the SHA-256 of the owner id's UTF-8 bytes, the same as the upload function's. An operator who knows a
     * user's {@code sub} finds their lines with {@code printf %s "$sub" | sha256sum | cut -c1-16}.
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

    /**
     * @param text a reason or message that may name object keys ({@code uploads/<ownerId>/<fileId>})
     * @return the text with the owner segment of every key replaced by {@code …}, fit for a log line
     */
    public static String forLogs(String text) {
        return text == null ? null : OWNER_SEGMENT.matcher(text).replaceAll("uploads/…/");
    }
}
