package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.auth.Caller;
import com.s3dynamopipe.upload.dto.FilePage;
import com.s3dynamopipe.upload.dto.FileView;
import com.s3dynamopipe.upload.service.FileQueryService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestPath;

/**
 * {@code GET /files} and {@code GET /files/{fileId}}: the caller's own files (docs/design.md, "HTTP API").
 * Parameters are taken as text so that malformed values get the design's problem codes instead of a bare 404.
 */
@Path("/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class FileResource {

    private final FileQueryService queries;
    private final Caller caller;

    /**
     * @param queries the query service
     * @param caller  the authenticated caller
     */
    public FileResource(FileQueryService queries, Caller caller) {
        this.queries = queries;
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
}
