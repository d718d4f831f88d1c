package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.service.ProblemException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Problem JSON for the failures that never reach JAX-RS: bodies above {@code quarkus.http.limits.max-body-size}
 * (Quarkus would answer an empty 413) and failures of other router handlers. Codes come from {@link StatusProblems},
 * the same mapping the JAX-RS exception mappers use.
 */
@ApplicationScoped
public class HttpFailures {

    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    private final Problems problems;
    private final StatusProblems statuses;

    /**
     * @param problems problem JSON writer
     * @param statuses the problem of each status, and the body limit
     */
    public HttpFailures(Problems problems, StatusProblems statuses) {
        this.problems = problems;
        this.statuses = statuses;
    }

    /**
     * Registers, just before Quarkus's own body-size check (after CORS), a check that answers 413 as problem JSON
     * ({@link StatusProblems#tooLarge}), and a failure handler for the whole router.
     *
     * @param router the application's router
     */
    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::rejectOversizedBody);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).failureHandler(this::failure);
    }

    private void rejectOversizedBody(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (statuses.isAboveBodyLimit(length)) {
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
            problems.end(rc, statuses.tooLarge(rc.normalizedPath()));
            return;
        }
        rc.next();
    }

    private void failure(RoutingContext rc) {
        if (rc.response().ended()) {
            return;
        }
        ProblemException problem =
                statuses.of(rc.statusCode(), rc.request().method().name(), rc.normalizedPath());
        if (problem.status() == 500) {
            LOG.error("Unhandled router failure, status " + rc.statusCode(), rc.failure());
        }
        problems.end(rc, problem);
    }
}
