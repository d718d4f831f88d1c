package com.s3dynamopipe.upload.resource;

import com.amazonaws.services.lambda.runtime.Context;
import com.s3dynamopipe.upload.service.LogContext;
import com.s3dynamopipe.upload.service.UploadOutcomes;
import io.quarkus.vertx.http.runtime.QuarkusHttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Sets up and tears down the log context of every request (docs/design.md, "Logs and metrics"), and counts the
 * problem answers of the upload routes.
 *
 * <p>First of all router handlers, it puts the Lambda request id into the MDC: quarkus-amazon-lambda-http turns each
 * API Gateway event into a request whose headers carry the Lambda {@link Context} (the same object JAX-RS injects
 * with {@code @Context Context}). When the response has ended, the request's MDC fields are removed.
 */
@ApplicationScoped
public class RequestLogContext {

    private static final String PROBLEM_COUNTED = RequestLogContext.class.getName() + ".problemCounted";

    private final UploadOutcomes outcomes;

    /** @param outcomes log line and metrics of upload outcomes */
    public RequestLogContext(UploadOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    /**
     * Registers the handler before every other one (body reading, size limits, CORS, JAX-RS).
     *
     * @param router the application's router
     */
    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::begin);
    }

    private void begin(RoutingContext rc) {
        LogContext.clear();
        LogContext.requestId(lambdaRequestId(rc));
        rc.addEndHandler(ended -> LogContext.clear());
        rc.next();
    }

    /**
     * Called for every problem answer, by the JAX-RS exception mappers and by the router's failure handling: on an
     * upload route ({@code /upload}, {@code /uploads} and below) it writes the {@code UploadsRejected} log line and
     * metric, once per request.
     *
     * @param rc     the request, or {@code null} outside of one (then nothing is counted)
     * @param status the answer's HTTP status
     * @param code   the problem's {@code code}
     */
    public void problemAnswered(RoutingContext rc, int status, String code) {
        if (rc == null || !isUploadRoute(rc.normalizedPath()) || rc.get(PROBLEM_COUNTED) != null) {
            return;
        }
        rc.put(PROBLEM_COUNTED, Boolean.TRUE);
        outcomes.rejected(status, code);
    }

    /**
     * @param path the request path (normalised)
     * @return whether it is one of the upload routes: {@code /upload}, {@code /uploads}, {@code /uploads/…}
     */
    static boolean isUploadRoute(String path) {
        return path != null
                && (path.equals("/upload")
                        || path.equals("/upload/")
                        || path.equals("/uploads")
                        || path.startsWith("/uploads/"));
    }

    private static String lambdaRequestId(RoutingContext rc) {
        if (rc.request().headers() instanceof QuarkusHttpHeaders headers) {
            Context context = headers.getContextObject(Context.class);
            return context == null ? null : context.getAwsRequestId();
        }
        return null;
    }
}
