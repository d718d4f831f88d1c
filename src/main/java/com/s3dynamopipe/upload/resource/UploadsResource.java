package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.auth.Caller;
import com.s3dynamopipe.upload.dto.CompleteRequest;
import com.s3dynamopipe.upload.dto.PartUrls;
import com.s3dynamopipe.upload.dto.PartsRequest;
import com.s3dynamopipe.upload.dto.UploadRequest;
import com.s3dynamopipe.upload.dto.UploadStatus;
import com.s3dynamopipe.upload.dto.UploadTicket;
import com.s3dynamopipe.upload.service.PresignedCompletionService;
import com.s3dynamopipe.upload.service.PresignedPartsService;
import com.s3dynamopipe.upload.service.PresignedUploadService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The presigned path (docs/design.md, "HTTP API"): {@code POST /uploads} starts an upload whose bytes the browser
 * PUTs straight to S3, {@code POST /uploads/{fileId}/parts} presigns more parts, {@code GET /uploads/{fileId}}
 * shows what S3 holds, {@code POST /uploads/{fileId}/complete} turns the object into a file and
 * {@code DELETE /uploads/{fileId}} aborts. An id of another owner is a 404 like a missing one.
 */
@Path("/uploads")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UploadsResource {

    private final PresignedUploadService uploads;
    private final PresignedPartsService parts;
    private final PresignedCompletionService completions;
    private final Caller caller;

    /**
     * @param uploads     starts presigned uploads
     * @param parts       resumes and reports them (part URLs, status)
     * @param completions completes and aborts them
     * @param caller      the authenticated caller
     */
    public UploadsResource(
            PresignedUploadService uploads,
            PresignedPartsService parts,
            PresignedCompletionService completions,
            Caller caller) {
        this.uploads = uploads;
        this.parts = parts;
        this.completions = completions;
        this.caller = caller;
    }

    /**
     * @param request {@code {"fileName", "sizeBytes", "contentType"?, "sha256", "comment"?}}
     * @return 201, {@code Location: /uploads/{fileId}}, the ticket (URLs, headers to send, expiry, limits)
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(UploadRequest request) {
        UploadTicket ticket = uploads.start(caller.ownerId(), request);
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/uploads/" + ticket.fileId())
                .entity(ticket)
                .build();
    }

    /**
     * @param fileId the upload
     * @return 200, the unfinished upload and the parts S3 holds
     */
    @GET
    @Path("/{fileId}")
    public UploadStatus status(@RestPath String fileId) {
        return parts.status(caller.ownerId(), fileId);
    }

    /**
     * @param fileId  the upload
     * @param request {@code {"partNumbers": [..]}}
     * @return 200, fresh part URLs
     */
    @POST
    @Path("/{fileId}/parts")
    @Consumes(MediaType.APPLICATION_JSON)
    public PartUrls parts(@RestPath String fileId, PartsRequest request) {
        return parts.parts(caller.ownerId(), fileId, request);
    }

    /**
     * @param fileId  the upload
     * @param request {@code {"parts": [{"partNumber", "etag"}..]}} for multipart; {@code {}} for a single PUT
     * @return 201 with {@code Location: /files/{fileId}} and the file JSON when this call created the file, 200 with
     *         the same file when it already existed
     */
    @POST
    @Path("/{fileId}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response complete(@RestPath String fileId, CompleteRequest request) {
        PresignedCompletionService.Completion done = completions.complete(caller.ownerId(), fileId, request);
        return Response.status(done.created() ? Response.Status.CREATED : Response.Status.OK)
                .header(HttpHeaders.LOCATION, "/files/" + done.file().fileId())
                .entity(done.file())
                .build();
    }

    /**
     * @param fileId the upload
     * @return 204 once aborted
     */
    @DELETE
    @Path("/{fileId}")
    public Response abort(@RestPath String fileId) {
        completions.abort(caller.ownerId(), fileId);
        return Response.noContent().build();
    }
}
