package com.s3dynamopipe.upload.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.s3dynamopipe.upload.auth.SigningKeys;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.service.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * Turns every exception that reaches JAX-RS into problem JSON with one of the design's codes. Details never carry
 * exception messages from libraries, stack traces, tokens or file contents.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Problems problems;
    private final StatusProblems statuses;

    /**
     * @param problems problem response builder
     * @param statuses the problem of each status the framework decides
     */
    public ProblemMappers(Problems problems, StatusProblems statuses) {
        this.problems = problems;
        this.statuses = statuses;
    }

    /** A refusal decided by the service layer. */
    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return problems.response(e);
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response missingToken(UnauthorizedException e, HttpServerRequest request) {
        return framework(401, request);
    }

    /**
     * A token that failed verification or was not issued to this app client (401 {@code invalid_token}); or one
     * that could not be checked at all because the user pool's signing keys (JWKS) could not be fetched and none are
     * cached (503 {@code auth_unavailable}: the caller's session is fine, the identity provider is not).
     */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        if (SigningKeys.unavailable(e)) {
            LOG.warn("Token not checked: the user pool's signing keys (JWKS) cannot be fetched");
            return problems.response(
                    503,
                    "auth_unavailable",
                    "Sign-in cannot be checked right now: the user pool's "
                            + "signing keys are unavailable. Keep your session and try again in a moment.",
                    Map.of());
        }
        return problems.response(
                401, "invalid_token", "The token is invalid, expired or not issued for this app.", Map.of());
    }

    /** Not used by this API's endpoints; mapped so that it can never leak a default body. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return framework(404, request);
    }

    /** S3 or DynamoDB failed. */
    @ServerExceptionMapper
    public Response storage(StorageException e) {
        if (e.transientFault()) {
            LOG.warnf("Storage unavailable: %s (%s)", e.getMessage(), causeChain(e));
            return problems.response(
                    503, "storage_unavailable", "Storage is unavailable right now; try again later.", Map.of());
        }
        LOG.errorf(e, "Storage call failed: %s", e.getMessage());
        return internal();
    }

    /**
     * Every JAX-RS answer, by its status ({@link StatusProblems#of}): no such route (404), a method the route does
     * not take (405, with {@code Allow}), a body of a media type the route does not take (415), a client that accepts
     * no JSON (406), 413 from the multipart parser's limits, 400 for unreadable bodies (the JSON reader wraps the
     * parser's refusals in a 400; a number too large for its member is {@link JsonBodyProblems#outOfRange}); a 5xx
     * is logged.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof JsonMappingException member
                && member.getCause() instanceof InputCoercionException outOfRange) {
            return problems.response(JsonBodyProblems.outOfRange(member, outOfRange));
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "Request failed with status %d", status);
        }
        return framework(status, request);
    }

    /**
     * A JSON body of the wrong shape: not an object (e.g. an array), or a member of the wrong type (e.g.
     * {@code "sizeBytes": "100"} or {@code 1.5}, {@code "partNumbers": "x"}): {@link JsonBodyProblems#wrongType}.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return problems.response(JsonBodyProblems.wrongType(e));
    }

    /** A JSON body that is not well-formed JSON. */
    @ServerExceptionMapper
    public Response unparsableJson(JsonProcessingException e) {
        return problems.response(400, "malformed_body", "The request body is not valid JSON.", Map.of());
    }

    /** The multipart body could not be parsed (truncated, bad boundary, broken headers). */
    @ServerExceptionMapper
    public Response unreadable(IOException e) {
        LOG.debugf("Unreadable request body: %s", e.getClass().getName());
        return problems.response(400, "malformed_body", "The multipart body could not be parsed.", Map.of());
    }

    /**
     * The multipart parser met a part header it cannot read (a line without a colon, a raw CR or LF inside a quoted
     * value): RESTEasy Reactive throws {@link MultipartParser.MalformedMessageException}, a RuntimeException.
     */
    @ServerExceptionMapper
    public Response malformedMultipart(MultipartParser.MalformedMessageException e) {
        LOG.debug("Malformed multipart part header");
        return problems.response(
                400,
                "malformed_body",
                "A part's headers could not be read (a line without \"name: value\", or a line break inside a value).",
                Map.of());
    }

    /** Anything else: 500 without internals. */
    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return internal();
    }

    private Response internal() {
        return problems.response(statuses.of(500, null, null));
    }

    private Response framework(int status, HttpServerRequest request) {
        return problems.response(statuses.of(status, request.method().name(), request.path()));
    }

    /**
     * The classes and messages of an exception's causes, outermost first ({@code SdkClientException: Unable to
     * execute HTTP request <- SocketException: Connection reset}), at most four, each message cut to 200
     * characters: enough to tell a transient fault's kind in the log. SDK client messages name the endpoint and the
     * fault, never object keys or file names.
     */
    static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 4; depth++, cause = cause.getCause()) {
            if (depth > 0) {
                chain.append(" <- ");
            }
            chain.append(cause.getClass().getSimpleName());
            String message = cause.getMessage();
            if (message != null && !message.isBlank()) {
                chain.append(": ").append(message.length() > 200 ? message.substring(0, 200) + "…" : message);
            }
        }
        return chain.isEmpty() ? "no cause" : chain.toString();
    }
}
