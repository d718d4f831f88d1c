package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.auth.Caller;
import com.s3dynamopipe.upload.dto.FileView;
import com.s3dynamopipe.upload.service.PartDisposition;
import com.s3dynamopipe.upload.service.ProblemException;
import com.s3dynamopipe.upload.service.UploadForm;
import com.s3dynamopipe.upload.service.UploadService;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /upload}: {@code multipart/form-data} with part {@code file} (exactly one) and optional part
 * {@code comment}. Answers {@code 201 Created}, {@code Location: /files/{fileId}} and the file JSON
 * (docs/design.md, "HTTP API"); every refusal is problem JSON.
 */
@Path("/upload")
@Authenticated
public class UploadResource {

    private final UploadService uploads;
    private final Caller caller;
    private final long maxBodyBytes;

    /**
     * @param uploads     the upload service
     * @param caller      the authenticated caller
     * @param maxBodySize {@code quarkus.http.limits.max-body-size}: the largest body read
     */
    public UploadResource(
            UploadService uploads,
            Caller caller,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.uploads = uploads;
        this.caller = caller;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    /**
     * @param headers the request headers (the Content-Type must name a boundary)
     * @param body    the request body, as the Lambda runtime decoded it from the event; read here once
     *                ({@link MultipartBody})
     * @return 201 with the file JSON
     * @throws NotSupportedException 415 {@code unsupported_media_type} when the request has no Content-Type at all
     *                               (JAX-RS lets such a request through to any {@code @Consumes})
     * @throws ProblemException      {@code malformed_body} when the Content-Type has no boundary (nothing is
     *                               read) or the body does not parse; {@code invalid_file_name} for a malformed
     *                               {@code filename*} (see {@link PartDisposition} for how part headers are read)
     * @throws IOException           if the body cannot be read (answered {@code malformed_body})
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@Context HttpHeaders headers, InputStream body) throws IOException {
        MediaType mediaType = headers.getMediaType();
        if (mediaType == null) {
            throw new NotSupportedException("no Content-Type");
        }
        String boundary = mediaType.getParameters().get("boundary");
        if (boundary == null || boundary.isBlank()) {
            throw ProblemException.badRequest("malformed_body", "The multipart Content-Type has no boundary.");
        }
        UploadForm form = MultipartBody.read(
                body,
                boundary,
                mediaType.getParameters().get("charset"),
                contentLength(headers),
                maxBodyBytes,
                uploads.maxBytes());
        FileView view = uploads.upload(caller.ownerId(), form);
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/files/" + view.fileId())
                .entity(view)
                .build();
    }

    /** @return the request's Content-Length, or -1 when absent or unreadable */
    private static long contentLength(HttpHeaders headers) {
        String value = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
