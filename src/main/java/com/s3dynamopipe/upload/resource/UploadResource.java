package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.auth.Caller;
import com.s3dynamopipe.upload.dto.FileView;
import com.s3dynamopipe.upload.service.ContentDisposition;
import com.s3dynamopipe.upload.service.ProblemException;
import com.s3dynamopipe.upload.service.UploadForm;
import com.s3dynamopipe.upload.service.UploadService;
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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.multipart.FileItem;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

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

    /**
     * @param uploads the upload service
     * @param caller  the authenticated caller
     */
    public UploadResource(UploadService uploads, Caller caller) {
        this.uploads = uploads;
        this.caller = caller;
    }

    /**
     * @param headers the request headers (the Content-Type must name a boundary)
     * @param input   every part of the form, as parsed by quarkus-rest (file parts spooled to temporary files)
     * @return 201 with the file JSON
     * @throws NotSupportedException 415 {@code unsupported_media_type} when the request has no Content-Type at all
     *                               (JAX-RS lets such a request through to any {@code @Consumes})
     * @throws ProblemException      {@code malformed_body} when the Content-Type has no boundary (nothing is
     *                               parsed); {@code invalid_file_name} for a malformed {@code filename*}
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@Context HttpHeaders headers, MultipartFormDataInput input) {
        MediaType mediaType = headers.getMediaType();
        if (mediaType == null) {
            throw new NotSupportedException("no Content-Type");
        }
        String boundary = mediaType.getParameters().get("boundary");
        if (boundary == null || boundary.isBlank()) {
            throw ProblemException.badRequest("malformed_body", "The multipart Content-Type has no boundary.");
        }
        FileView view = uploads.upload(caller.ownerId(), toForm(input));
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/files/" + view.fileId())
                .entity(view)
                .build();
    }

    private static UploadForm toForm(MultipartFormDataInput input) {
        List<UploadForm.FilePart> files = new ArrayList<>();
        for (FormValue value : parts(input, "file")) {
            if (value.isFileItem()) {
                FileItem item = value.getFileItem();
                files.add(new UploadForm.FilePart(fileName(value), header(value, HttpHeaders.CONTENT_TYPE),
                        size(item), item::getInputStream));
            } else {
                // A "file" part without a filename parameter arrives as text: refused as a nameless file.
                files.add(new UploadForm.FilePart(null, header(value, HttpHeaders.CONTENT_TYPE), 0, () -> {
                    throw new IOException("not a file");
                }));
            }
        }
        List<String> comments = new ArrayList<>();
        for (FormValue value : parts(input, "comment")) {
            comments.add(value.isFileItem() ? null : value.getValue());
        }
        return new UploadForm(files, comments);
    }

    /**
     * The part's file name: the RFC 8187 {@code filename*} parameter when the part has one (it wins over
     * {@code filename}, RFC 6266 section 4.3, and is percent-decoded, so {@code +} stays a plus), else the plain
     * {@code filename} as the parser read it (raw UTF-8, as browsers send it).
     */
    private static String fileName(FormValue value) {
        String disposition = header(value, "Content-Disposition");
        if (disposition != null) {
            var extended = ContentDisposition.extendedFileName(disposition);
            if (extended.isPresent()) {
                return extended.get();
            }
        }
        return value.getFileName();
    }

    private static Collection<FormValue> parts(MultipartFormDataInput input, String name) {
        Collection<FormValue> values = input.getValues().get(name);
        return values == null ? List.of() : values;
    }

    private static long size(FileItem item) {
        try {
            return item.getFileSize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(FormValue value, String name) {
        if (value.getHeaders() == null) {
            return null;
        }
        String found = value.getHeaders().getFirst(name);
        return found != null ? found : value.getHeaders().getFirst(name.toLowerCase(Locale.ROOT));
    }
}
