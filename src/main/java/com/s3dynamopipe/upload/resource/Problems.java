package com.s3dynamopipe.upload.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.s3dynamopipe.upload.dto.Problem;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
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

    /** Detail of every 415: which body each route takes (docs/design.md, HTTP API). */
    public static final String UNSUPPORTED_MEDIA_TYPE_DETAIL =
            "Send POST /upload as multipart/form-data, and the JSON bodies of the other routes as application/json.";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(406, "Not Acceptable"),
            Map.entry(409, "Conflict"),
            Map.entry(410, "Gone"),
            Map.entry(422, "Unprocessable Content"),
            Map.entry(413, "Payload Too Large"),
            Map.entry(415, "Unsupported Media Type"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

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
        return Problem.of(status, TITLES.getOrDefault(status, "Error"), code, detail, extensions);
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
     * @return a JAX-RS response with the problem body; a 401 also carries {@code WWW-Authenticate}. On an upload
     *         route the answer is also counted as {@code UploadsRejected} ({@link RequestLogContext#problemAnswered})
     */
    public Response response(int status, String code, String detail, Map<String, Object> extensions) {
        requests.problemAnswered(request.getCurrent(), status, code);
        Response.ResponseBuilder builder = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(json(problem(status, code, detail, extensions)));
        if (status == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge(code));
        }
        return builder.build();
    }

    /**
     * @param code {@code missing_token} or {@code invalid_token}
     * @return the {@code WWW-Authenticate} value for a 401 with that code
     */
    public static String challenge(String code) {
        return "invalid_token".equals(code) ? CHALLENGE_INVALID : CHALLENGE_MISSING;
    }
}
