package com.s3dynamopipe.common.telemetry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * The log fields both functions write under the same names (docs/design.md, "Logs and metrics"), so that one Logs
 * Insights query finds a file or an owner in either log group. They live in the logging MDC, which Quarkus' JSON log
 * format writes as {@code "mdc": {…}}; when each is set and removed is up to each function's own {@code LogContext}
 * (a request of the upload API, an invocation and its records in the processor).
 */
public final class LogFields {

    /**
     * MDC key of the Lambda request id ({@code Context.getAwsRequestId()}), the key the Quarkus Lambda runtime uses
     * for its own lines.
     */
    public static final String REQUEST_ID = "AWSRequestId";

    /** MDC key of the opaque owner reference, {@link #ownerRef(String)}; never the raw {@code sub}. */
    public static final String OWNER_REF = "ownerRef";

    /** MDC key of the file id (a UUID, never other user input). */
    public static final String FILE_ID = "fileId";

    /** Hex digits kept of the owner id's SHA-256 (64 bits). */
    private static final int OWNER_REF_HEX_DIGITS = 16;

    private LogFields() {}

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

    /**
     * The properties every metric record of the current request or record carries, for finding its log lines: the
     * {@value #REQUEST_ID} and {@value #FILE_ID} fields of the current MDC, each only when set.
     *
     * @return field name → value, in that order; a new, modifiable map
     */
    public static Map<String, String> metricProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String key : List.of(REQUEST_ID, FILE_ID)) {
            Object value = MDC.get(key);
            if (value != null) {
                properties.put(key, value.toString());
            }
        }
        return properties;
    }
}
