package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.service.ProblemException;
import com.s3dynamopipe.upload.service.UploadRules;
import com.s3dynamopipe.upload.service.UploadValidator;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one mapping from an HTTP status that the framework decided (routing, content negotiation, body limits, the
 * body parsers) to the design's problem code. The JAX-RS exception mappers ({@link ProblemMappers}) and the router's
 * failure handler ({@link HttpFailures}) both answer through it, so a failure reads the same wherever it is caught.
 */
@ApplicationScoped
public class StatusProblems {

    /** Detail of every 415: which body each route takes (docs/design.md, HTTP API). */
    static final String UNSUPPORTED_MEDIA_TYPE_DETAIL =
            "Send POST /upload as multipart/form-data, and the JSON bodies of the other routes as application/json.";

    /** The only route whose body is a form with a file; every other body is JSON. */
    private static final String DIRECT_UPLOAD_PATH = "/upload";

    private final long fileCapBytes;
    private final long maxBodyBytes;

    /**
     * @param validator   the direct path's rules (its file cap, reported by a too large form)
     * @param maxBodySize {@code quarkus.http.limits.max-body-size}, the cap of every request body
     */
    public StatusProblems(
            UploadValidator validator,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.fileCapBytes = validator.maxBytes();
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    /**
     * @param status the status the framework chose; 404 and 405 are told apart here by the route table, so that a
     *               path the API has, asked with a method it does not take, is always a 405
     * @param method the request's method
     * @param path   the request's (normalised) path
     * @return the problem to answer: {@code malformed_body} for 400 and any other 4xx without a code of its own,
     *         {@code missing_token} (401), {@code not_found} (404), {@code method_not_allowed} (405),
     *         {@code not_acceptable} (406), {@link #tooLarge} (413), {@code unsupported_media_type} (415),
     *         {@code internal_error} (500) for everything else
     */
    public ProblemException of(int status, String method, String path) {
        if (status == 404 || status == 405) {
            Optional<Set<String>> allowed = Routes.allowed(path);
            boolean wrongMethod = allowed.isPresent() && !allowed.get().contains(method);
            return wrongMethod || status == 405
                    ? problem(405, "method_not_allowed", "This method is not allowed here; Allow lists those it is.")
                    : problem(404, "not_found", "No such resource.");
        }
        return switch (status) {
            case 401 -> problem(401, "missing_token", "Send a Cognito token as \"Authorization: Bearer <token>\".");
            case 406 -> problem(406, "not_acceptable", "This API answers with JSON only.");
            case 413 -> tooLarge(path);
            case 415 -> problem(415, "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE_DETAIL);
            default ->
                status >= 400 && status < 500
                        ? problem(400, "malformed_body", "The request body could not be read.")
                        : problem(500, "internal_error", "Something went wrong on our side.");
        };
    }

    /**
     * @param path the request's path
     * @return on {@code POST /upload}, {@code file_too_large} with the file cap as {@code limitBytes} (the form's
     *         file is what is too large); on the JSON routes, {@code body_too_large} with the body limit
     *         ({@code quarkus.http.limits.max-body-size}) as {@code limitBytes}
     */
    public ProblemException tooLarge(String path) {
        if (DIRECT_UPLOAD_PATH.equals(path) || (DIRECT_UPLOAD_PATH + "/").equals(path)) {
            return UploadRules.fileTooLarge(fileCapBytes);
        }
        return new ProblemException(
                413,
                "body_too_large",
                "The request body is larger than " + maxBodyBytes + " bytes, the limit of every request body.",
                Map.of("limitBytes", maxBodyBytes));
    }

    /**
     * @param contentLength the request's {@code Content-Length} as sent, or {@code null}
     * @return whether it declares a body above {@code quarkus.http.limits.max-body-size}; an absent or unreadable
     *         length is left to Quarkus' own checks
     */
    public boolean isAboveBodyLimit(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static ProblemException problem(int status, String code, String detail) {
        return new ProblemException(status, code, detail, Map.of());
    }
}
