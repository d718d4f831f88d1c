package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.common.telemetry.LogFields;
import org.jboss.logging.MDC;

/**
 * Sets and clears the fields that every log line written while serving a request carries ({@link LogFields}:
 * docs/design.md, "Logs and metrics"):
 * <ul>
 *   <li>the Lambda request id, as soon as the request arrives;</li>
 *   <li>the caller's opaque owner reference, once the caller is authenticated;</li>
 *   <li>the file the request is about, once it is known.</li>
 * </ul>
 * Quarkus keeps the MDC of a request in its Vert.x (duplicated) context, which the request's worker thread shares;
 * {@link #clear()} removes the fields when the request ends, since Lambda reuses the process.
 */
public final class LogContext {

    private LogContext() {}

    /** @param requestId the Lambda request id of the request being served; ignored when {@code null} */
    public static void requestId(String requestId) {
        if (requestId != null) {
            MDC.put(LogFields.REQUEST_ID, requestId);
        }
    }

    /** @param ownerId the authenticated caller's {@code sub}; logged only as {@link LogFields#ownerRef(String)} */
    public static void owner(String ownerId) {
        if (ownerId != null) {
            MDC.put(LogFields.OWNER_REF, LogFields.ownerRef(ownerId));
        }
    }

    /** @param fileId the file the request is about (a UUID, never other user input) */
    public static void file(String fileId) {
        if (fileId != null) {
            MDC.put(LogFields.FILE_ID, fileId);
        }
    }

    /** Removes every field of {@link LogFields} from the current MDC. */
    public static void clear() {
        MDC.remove(LogFields.REQUEST_ID);
        MDC.remove(LogFields.OWNER_REF);
        MDC.remove(LogFields.FILE_ID);
    }
}
