package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.service.UploadValidator;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Problem JSON for the failures that never reach JAX-RS: bodies above {@code quarkus.http.limits.max-body-size}
 * (Quarkus would answer an empty 413) and failures of other router handlers.
 */
@ApplicationScoped
public class HttpFailures {

    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    private final Problems problems;
    private final RequestLogContext requests;
    private final UploadValidator validator;
    private final long maxBodyBytes;

    /**
     * @param problems    problem JSON builder
     * @param requests    counts the problems of upload routes
     * @param validator   upload rules (for the cap reported as {@code limitBytes})
     * @param maxBodySize {@code quarkus.http.limits.max-body-size}
     */
    public HttpFailures(
            Problems problems,
            RequestLogContext requests,
            UploadValidator validator,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.problems = problems;
        this.requests = requests;
        this.validator = validator;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    /**
     * Registers, just before Quarkus's own body-size check (after CORS), a check that answers 413
     * {@code file_too_large} as problem JSON, and a failure handler for the whole router.
     *
     * @param router the application's router
     */
    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::rejectOversizedBody);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).failureHandler(this::failure);
    }

    private void rejectOversizedBody(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isAbove(length)) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            end(
                    rc,
                    413,
                    "file_too_large",
                    "The file is larger than " + validator.maxBytes() + " bytes.",
                    Map.of("limitBytes", validator.maxBytes()));
            return;
        }
        rc.next();
    }

    private boolean isAbove(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void failure(RoutingContext rc) {
        if (rc.response().ended()) {
            return;
        }
        int status = rc.statusCode();
        switch (status) {
            case 413 ->
                end(
                        rc,
                        413,
                        "file_too_large",
                        "The file is larger than " + validator.maxBytes() + " bytes.",
                        Map.of("limitBytes", validator.maxBytes()));
            case 400 -> end(rc, 400, "malformed_body", "The request could not be read.", Map.of());
            case 401 ->
                end(rc, 401, "missing_token", "Send a Cognito token as \"Authorization: Bearer <token>\".", Map.of());
            case 404 -> end(rc, 404, "not_found", "No such resource.", Map.of());
            case 405 -> end(rc, 405, "method_not_allowed", "This method is not allowed here.", Map.of());
            case 415 -> end(rc, 415, "unsupported_media_type", Problems.UNSUPPORTED_MEDIA_TYPE_DETAIL, Map.of());
            default -> {
                LOG.error("Unhandled router failure, status " + status, rc.failure());
                end(rc, 500, "internal_error", "Something went wrong on our side.", Map.of());
            }
        }
    }

    private void end(RoutingContext rc, int status, String code, String detail, Map<String, Object> extensions) {
        requests.problemAnswered(rc, status, code);
        if (status == 401) {
            rc.response().putHeader("WWW-Authenticate", Problems.challenge(code));
        }
        rc.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, com.s3dynamopipe.upload.dto.Problem.MEDIA_TYPE)
                .end(problems.json(Problems.problem(status, code, detail, extensions)));
    }
}
