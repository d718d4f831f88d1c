package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.auth.Caller;
import com.s3dynamopipe.upload.dto.DownloadLink;
import com.s3dynamopipe.upload.dto.FilePage;
import com.s3dynamopipe.upload.dto.FileView;
import com.s3dynamopipe.upload.service.FileCommandService;
import com.s3dynamopipe.upload.service.FileQueryService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code GET /files}, {@code GET /files/{fileId}}, {@code GET /files/{fileId}/download} and
 * {@code DELETE /files/{fileId}}: the caller's own files (docs/design.md, "HTTP API").
 * Parameters are taken as text so that malformed values get the design's problem codes instead of a bare 404.
 */
@Path("/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {

    private final FileQueryService queries;
    private final FileCommandService commands;
    private final Caller caller;

    /**
     * @param queries  the query service
     * @param commands downloads and deletions
     * @param caller   the authenticated caller
     */
    public FileResource(FileQueryService queries, FileCommandService commands, Caller caller) {
        this.queries = queries;
        this.commands = commands;
        this.caller = caller;
    }

    /**
     * Query parameters: {@code limit}, page size 1–100 (default 20), anything else is 400 {@code invalid_limit};
     * {@code cursor}, the {@code nextCursor} of the previous page, a foreign value is 400 {@code invalid_cursor}.
     * Each may appear once; an empty value is invalid, not absent.
     *
     * @param uri the request URI, for its raw query parameters
     * @return {@code {"items": [...], "nextCursor": "..."}}, newest first
     */
    @GET
    public FilePage list(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        return queries.list(caller.ownerId(), query.get("limit"), query.get("cursor"));
    }

    /**
     * @param fileId the file id; anything not found for this caller (including a non-UUID) is 404
     * @return the file JSON
     */
    @GET
    @Path("/{fileId}")
    public FileView get(@RestPath String fileId) {
        return queries.get(caller.ownerId(), fileId);
    }

    /**
     * @param fileId the file id
     * @return 200 {@code {"url", "expiresAt", "fileName", "contentDisposition"}}: a short-lived presigned GET
     */
    @GET
    @Path("/{fileId}/download")
    public DownloadLink download(@RestPath String fileId) {
        return commands.download(caller.ownerId(), fileId);
    }

    /**
     * @param fileId the file id
     * @return 204 once the object and the item are gone
     */
    @DELETE
    @Path("/{fileId}")
    public Response delete(@RestPath String fileId) {
        commands.delete(caller.ownerId(), fileId);
        return Response.noContent().build();
    }
}
