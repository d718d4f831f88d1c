package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.service.ProblemException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;

/**
 * Refuses a request that carries a field more than once where RFC 9110 allows it once (section 5.3: a sender must
 * not repeat a field whose value is not a comma-separated list), before anything reads its body or its
 * credentials:
 * <ul>
 * <li>{@code Authorization} (section 11.6.2: one {@code credentials}): {@code 401 invalid_token}, whichever of the
 * values is valid and in whatever order, so that no credential is chosen for the caller;</li>
 * <li>{@code Content-Type} (section 8.3) and {@code Content-Length} (section 8.6): {@code 400 repeated_header}
 * with the member {@code header} naming the field, since the body cannot be read one way for sure.</li>
 * </ul>
 * How repeated fields arrive: API Gateway HTTP API joins them with commas into one value of the event's
 * {@code headers} (payload format 2.0 has no {@code multiValueHeaders}; AWS doc "Working with AWS Lambda proxy
 * integrations for HTTP APIs"), and so does the local mock event server; Quarkus's Lambda handler then splits every
 * value at its commas into separate values before the application sees it. A field named twice in the event
 * (different case) arrives as two values too. So a field counts as repeated when it has more than one value here,
 * or one value holding a comma (a request that did not pass through that split). None of these fields' values
 * contains a comma of its own in this API: a Bearer token is a {@code token68}, and a boundary with a comma would
 * need quotes that the split breaks anyway.
 */
@ApplicationScoped
public class SingletonFields {

    /** Fields checked, with the problem each repetition is answered with. */
    private static final List<String> FIELDS = List.of("Authorization", "Content-Type", "Content-Length");

    private final Problems problems;

    /** @param problems problem JSON builder */
    public SingletonFields(Problems problems) {
        this.problems = problems;
    }

    /**
     * Registers the check right after CORS (so a browser can read the refusal) and before the body-size check,
     * authentication and the multipart parser.
     *
     * @param router the application's router
     */
    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext rc) {
        for (String field : FIELDS) {
            List<String> values = rc.request().headers().getAll(field);
            if (values.size() > 1 || (values.size() == 1 && values.get(0).indexOf(',') >= 0)) {
                refuse(rc, field);
                return;
            }
        }
        rc.next();
    }

    private void refuse(RoutingContext rc, String field) {
        String repeated = "The request carries more than one " + field + " value (repeated fields arrive joined by "
                + "commas); ";
        problems.end(
                rc,
                field.equals("Authorization")
                        ? new ProblemException(
                                401,
                                "invalid_token",
                                repeated + "send exactly one \"Authorization: Bearer <token>\".",
                                Map.of())
                        : new ProblemException(
                                400,
                                "repeated_header",
                                repeated + "send " + field + " exactly once.",
                                Map.of("header", field)));
    }
}
