package com.s3dynamopipe.upload.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.s3dynamopipe.upload.dto.Problem;
import com.s3dynamopipe.upload.service.ProblemException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Builds RFC 9457 problem responses ({@code application/problem+json}) for JAX-RS exception mappers and for the
 * router-level failure handler, so both paths write the same bytes.
 */
@ApplicationScoped
public class Problems {

    /** {@code WWW-Authenticate} value of 401 answers without a token (RFC 6750, section 3). */
    public static final String CHALLENGE_MISSING = "Bearer";

    /** {@code WWW-Authenticate} value of 401 answers with a rejected token (RFC 6750, section 3.1). */
    public static final String CHALLENGE_INVALID = "Bearer error=\"invalid_token\"";

    /**
     * Titles that differ from the standard reason phrase: RFC 7231's name of 413, RFC 9110's of 422 (both as
     * docs/design.md shows them).
     */
    private static final Map<Integer, String> RENAMED_TITLES =
            Map.of(413, "Payload Too Large", 422, "Unprocessable Content");

    private final ObjectMapper mapper;
    private final CurrentVertxRequest request;
    private final RequestLogContext requests;

    /**
     * @param mapper   the application's Jackson mapper
     * @param request  the request being answered (to count the upload routes' problems)
     * @param requests counts the problems of upload routes
     */
    public Problems(ObjectMapper mapper, CurrentVertxRequest request, RequestLogContext requests) {
        this.mapper = mapper;
        this.request = request;
        this.requests = requests;
    }

    /**
     * @param status     HTTP status
     * @param code       machine code
     * @param detail     sentence for people
     * @param extensions extra members
     * @return the problem, titled with the status's reason phrase
     */
    public static Problem problem(int status, String code, String detail, Map<String, Object> extensions) {
        String title = RENAMED_TITLES.getOrDefault(
                status, HttpResponseStatus.valueOf(status).reasonPhrase());
        return Problem.of(status, title, code, detail, extensions);
    }

    /**
     * @param problem the problem
     * @return its JSON text
     */
    public String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Problem JSON could not be written", e);
        }
    }

    /**
     * @param status     HTTP status
     * @param code       machine code
     * @param detail     sentence for people
     * @param extensions extra members
     * @return a JAX-RS response with the problem body and the headers of {@link #headers}. On an upload route the
     *         answer is also counted as {@code UploadsRejected} ({@link RequestLogContext#problemAnswered})
     */
    public Response response(int status, String code, String detail, Map<String, Object> extensions) {
        return response(new ProblemException(status, code, detail, extensions));
    }

    /**
     * @param problem the refusal
     * @return a JAX-RS response with the problem body and the headers of {@link #headers}, counted like
     *         {@link #response(int, String, String, Map)}
     */
    public Response response(ProblemException problem) {
        RoutingContext rc = request.getCurrent();
        requests.problemAnswered(rc, problem.status(), problem.code());
        Response.ResponseBuilder builder =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(json(problem(problem)));
        headers(problem, rc == null ? null : rc.normalizedPath()).forEach(builder::header);
        return builder.build();
    }

    /**
     * Ends a request that failed outside JAX-RS (router handlers) with the same bytes and headers as
     * {@link #response(ProblemException)}, counted the same way.
     *
     * @param rc      the failed request
     * @param problem the refusal
     */
    public void end(RoutingContext rc, ProblemException problem) {
        requests.problemAnswered(rc, problem.status(), problem.code());
        headers(problem, rc.normalizedPath()).forEach(rc.response()::putHeader);
        rc.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(json(problem(problem)));
    }

    /**
     * The headers a problem's status calls for: {@code WWW-Authenticate} on a 401 (RFC 6750, section 3), {@code Allow}
     * with the methods of the path's route on a 405 (RFC 9110, section 15.5.6).
     */
    private static Map<String, String> headers(ProblemException problem, String path) {
        return switch (problem.status()) {
            case 401 -> Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge(problem.code()));
            case 405 ->
                Routes.allowed(path)
                        .map(methods -> Map.of(HttpHeaders.ALLOW, String.join(", ", methods)))
                        .orElse(Map.of());
            default -> Map.of();
        };
    }

    private static Problem problem(ProblemException problem) {
        return problem(problem.status(), problem.code(), problem.getMessage(), problem.extensions());
    }

    /**
     * @param code {@code missing_token} or {@code invalid_token}
     * @return the {@code WWW-Authenticate} value for a 401 with that code
     */
    public static String challenge(String code) {
        return "invalid_token".equals(code) ? CHALLENGE_INVALID : CHALLENGE_MISSING;
    }
}
