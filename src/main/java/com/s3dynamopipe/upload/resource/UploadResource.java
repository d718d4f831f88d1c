package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.auth.Caller;
import com.s3dynamopipe.upload.dto.FileView;
import com.s3dynamopipe.upload.service.PartDisposition;
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
import java.util.Map;
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
     *                               (see {@link PartDisposition} for how part headers are read)
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

    /**
     * Groups the parts by the {@code name} of their own Content-Disposition, read with {@link PartDisposition}
     * (quoted-pairs, browsers' {@code %22}/{@code %0D}/{@code %0A}, {@code filename*}, any parameter order), not by
     * the multipart parser's simpler reading, which stops a quoted value at its first {@code "}: every part is
     * looked at, whatever key the parser filed it under.
     */
    private static UploadForm toForm(MultipartFormDataInput input) {
        List<UploadForm.FilePart> files = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        for (Map.Entry<String, Collection<FormValue>> entry : input.getValues().entrySet()) {
            for (FormValue value : entry.getValue()) {
                PartDisposition disposition = disposition(entry.getKey(), value);
                if (disposition == null || !disposition.isFormData() || disposition.name() == null) {
                    continue;
                }
                switch (disposition.name()) {
                    case "file" -> files.add(filePart(value, disposition));
                    case "comment" -> comments.add(value.isFileItem() ? null : value.getValue());
                    default -> {
                        // Other fields are not part of the API and are ignored.
                    }
                }
            }
        }
        return new UploadForm(files, comments);
    }

    /**
     * @return the part's disposition, or {@code null} when it has none (such a part belongs to no field)
     * @throws ProblemException {@code invalid_file_name} for a malformed {@code filename*}; {@code malformed_body}
     *                          for an unreadable header of what the multipart parser filed as the {@code file}
     *                          part (an unreadable header of any other part leaves that part out)
     */
    private static PartDisposition disposition(String parserName, FormValue value) {
        String header = header(value, "Content-Disposition");
        if (header == null) {
            return null;
        }
        try {
            return PartDisposition.parse(header);
        } catch (ProblemException e) {
            if ("file".equals(parserName) || "invalid_file_name".equals(e.code())) {
                throw e;
            }
            return null;
        }
    }

    /**
     * One {@code file} part. The multipart parser spools a part to a file when it sees a {@code filename}; a part
     * it kept as text has no file name (refused as a nameless file), unless its header does carry one that the
     * parser missed, whose bytes were then decoded as text and are not taken.
     */
    private static UploadForm.FilePart filePart(FormValue value, PartDisposition disposition) {
        String contentType = header(value, HttpHeaders.CONTENT_TYPE);
        if (value.isFileItem()) {
            FileItem item = value.getFileItem();
            return new UploadForm.FilePart(disposition.fileName(), contentType, size(item), item::getInputStream);
        }
        if (disposition.fileName() != null) {
            throw ProblemException.badRequest("malformed_body",
                    "The file part's Content-Disposition could not be read consistently; quote its parameters.");
        }
        return new UploadForm.FilePart(null, contentType, 0, () -> {
            throw new IOException("not a file");
        });
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
