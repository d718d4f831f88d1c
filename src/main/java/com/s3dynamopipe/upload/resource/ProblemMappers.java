package com.s3dynamopipe.upload.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.s3dynamopipe.upload.auth.SigningKeys;
import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.service.ProblemException;
import com.s3dynamopipe.upload.service.UploadRules;
import com.s3dynamopipe.upload.service.UploadValidator;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
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
    private final UploadValidator validator;

    /**
     * @param problems  problem response builder
     * @param validator the upload rules (for the configured cap)
     */
    public ProblemMappers(Problems problems, UploadValidator validator) {
        this.problems = problems;
        this.validator = validator;
    }

    /** A refusal decided by the service layer. */
    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return problems.response(e.status(), e.code(), e.getMessage(), e.extensions());
    }

    /** No credentials on an endpoint that needs them. */
    @ServerExceptionMapper
    public Response missingToken(UnauthorizedException e) {
        return problems.response(
                401, "missing_token", "Send a Cognito token as \"Authorization: Bearer <token>\".", Map.of());
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
    public Response forbidden(ForbiddenException e) {
        return problems.response(404, "not_found", "No such resource.", Map.of());
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

    /** No such route. */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problems.response(404, "not_found", "No such resource.", Map.of());
    }

    /** Route exists, method does not. */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        Response response = problems.response(405, "method_not_allowed", "This method is not allowed here.", Map.of());
        String allow = e.getResponse().getHeaderString("Allow");
        return allow == null
                ? response
                : Response.fromResponse(response).header("Allow", allow).build();
    }

    /** Body of a media type the route does not take ({@code multipart/form-data} for uploads, JSON elsewhere). */
    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return problems.response(415, "unsupported_media_type", Problems.UNSUPPORTED_MEDIA_TYPE_DETAIL, Map.of());
    }

    /** The client accepts no JSON. */
    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return problems.response(406, "not_acceptable", "This API answers with JSON only.", Map.of());
    }

    /** Other JAX-RS answers, notably 413 from the multipart parser's limits and 400 for unreadable bodies. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return refused(UploadRules.fileTooLarge(validator.maxBytes()));
        }
        if (status >= 400 && status < 500) {
            return problems.response(400, "malformed_body", "The request body could not be read.", Map.of());
        }
        LOG.errorf(e, "Request failed with status %d", status);
        return internal();
    }

    /**
     * A JSON body of the wrong shape: not an object (e.g. an array), or a member of the wrong type (e.g.
     * {@code "sizeBytes": 1.5}, {@code "partNumbers": "x"}). The code names the member's rule where there is one.
     */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String member = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
        if (member == null) {
            return problems.response(400, "malformed_body", "The request body must be a JSON object.", Map.of());
        }
        return switch (member) {
            case "sizeBytes" ->
                problems.response(400, "invalid_size", "sizeBytes must be a whole number of bytes.", Map.of());
            case "partNumbers", "parts", "partChecksums" ->
                problems.response(
                        400,
                        "invalid_parts",
                        member + " must be an array as documented (whole part numbers).",
                        Map.of());
            default ->
                problems.response(
                        400, "malformed_body", "The JSON member '" + member + "' has the wrong type.", Map.of());
        };
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
        return problems.response(500, "internal_error", "Something went wrong on our side.", Map.of());
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
