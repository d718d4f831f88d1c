package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.aws.UploadBytes;
import com.s3dynamopipe.upload.service.PartDisposition;
import com.s3dynamopipe.upload.service.ProblemException;
import com.s3dynamopipe.upload.service.UploadForm;
import com.s3dynamopipe.upload.service.UploadRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.common.headers.HeaderUtil;
import org.jboss.resteasy.reactive.common.util.CaseInsensitiveMap;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) in one pass, without temporary files or copies of the file's
 * bytes (docs/design.md, "Passes over the bytes"):
 * <ol>
 * <li>the body is read from the request, 64 KiB at a time, into one array sized by {@code Content-Length};</li>
 * <li>each 64 KiB, while it is still in the CPU's cache, goes through Quarkus REST's own multipart parser
 * ({@link MultipartParser}, the framing the framework applies to every form), and the bytes it hands back for a
 * {@code file} part go to that part's SHA-256;</li>
 * <li>a part is kept as a range of the array ({@link UploadBytes}): the S3 client sends it from there.</li>
 * </ol>
 * Parts are grouped by the {@code name} of their Content-Disposition as {@link PartDisposition} reads it
 * (quoted-pairs, the browsers' {@code %22}, {@code filename*}, any parameter order). Only {@code file} and
 * {@code comment} parts are kept; other fields are ignored.
 */
final class MultipartBody implements MultipartParser.PartHandler {

    /** Bytes read and parsed per step. */
    static final int CHUNK_BYTES = 64 * 1024;

    /** Most parts in one form (as Quarkus REST's own limit); more are a malformed body. */
    static final int MAX_PARTS = 1000;

    private final Charset defaultCharset;
    private final long hashLimitBytes;
    private final List<FormPart> files = new ArrayList<>();
    private final List<FormPart> comments = new ArrayList<>();
    private byte[] body;
    private int parts;
    private FormPart current;

    private MultipartBody(byte[] body, Charset defaultCharset, long hashLimitBytes) {
        this.body = body;
        this.defaultCharset = defaultCharset;
        this.hashLimitBytes = hashLimitBytes;
    }

    /**
     * Reads and parses a whole body.
     *
     * @param in             the request body (already decoded from the Lambda event's base64 by the runtime)
     * @param boundary       the Content-Type's {@code boundary} parameter
     * @param charset        the Content-Type's {@code charset} parameter, or {@code null} for UTF-8: the charset of
     *                       part headers and of text parts without their own
     * @param lengthHint     the request's Content-Length, or a negative number when unknown
     * @param maxBodyBytes   the largest body accepted ({@code quarkus.http.limits.max-body-size})
     * @param hashLimitBytes file parts up to this size are hashed (the upload cap: larger ones are refused anyway)
     * @return the form: every {@code file} part with its bytes and SHA-256, every {@code comment} part as text
     *         ({@code null} for a comment sent as a file)
     * @throws IOException      if the body cannot be read
     * @throws ProblemException {@code malformed_body} (400) for framing that does not parse (no boundary in the
     *                          body, truncated, broken part headers, more than {@value #MAX_PARTS} parts, unknown
     *                          charset); {@code invalid_file_name} for a malformed {@code filename*};
     *                          {@code file_too_large} (413) for a body above {@code maxBodyBytes}
     */
    static UploadForm read(
            InputStream in, String boundary, String charset, long lengthHint, long maxBodyBytes, long hashLimitBytes)
            throws IOException {
        Charset headerCharset = FormPart.charset(charset);
        // One spare byte, so that the end of the body is seen without growing the array.
        int initial = lengthHint >= 0 && lengthHint <= maxBodyBytes ? (int) lengthHint + 1 : CHUNK_BYTES;
        MultipartBody handler = new MultipartBody(new byte[initial], headerCharset, hashLimitBytes);
        MultipartParser.ParseState parser =
                MultipartParser.beginParse(handler, boundary.getBytes(StandardCharsets.US_ASCII), headerCharset.name());
        int filled = 0;
        while (true) {
            if (filled == handler.body.length) {
                if (filled >= maxBodyBytes) {
                    throw UploadRules.fileTooLarge(hashLimitBytes);
                }
                // Content-Length was absent or too small: grow (the ranges found so far are offsets, still valid).
                handler.body = Arrays.copyOf(handler.body, (int) Math.min(maxBodyBytes + 1, 2L * filled));
            }
            int n = in.read(handler.body, filled, Math.min(CHUNK_BYTES, handler.body.length - filled));
            if (n < 0) {
                break;
            }
            try {
                parser.parse(ByteBuffer.wrap(handler.body, filled, n));
            } catch (MultipartParser.MalformedMessageException e) {
                throw malformed("A part's headers could not be read (a line without \"name: value\", or a line "
                        + "break inside a value).");
            }
            filled += n;
        }
        if (!parser.isComplete()) {
            throw malformed("The multipart body ends before its closing boundary (truncated, or the boundary "
                    + "parameter does not occur in the body).");
        }
        return handler.form();
    }

    @Override
    public void beginPart(CaseInsensitiveMap<String> headers) {
        if (++parts > MAX_PARTS) {
            throw malformed("The form has more than " + MAX_PARTS + " parts.");
        }
        current = null;
        PartDisposition disposition = disposition(headers.getFirst("Content-Disposition"));
        if (disposition == null || !disposition.isFormData() || disposition.name() == null) {
            return;
        }
        String contentType = headers.getFirst("Content-Type");
        switch (disposition.name()) {
            case "file" -> {
                current = new FormPart(disposition, contentType, FormPart.sha256());
                files.add(current);
            }
            case "comment" -> {
                current = new FormPart(disposition, contentType, null);
                comments.add(current);
            }
            default -> {
                // Other fields are not part of the API and are ignored.
            }
        }
    }

    @Override
    public void data(ByteBuffer buffer) {
        FormPart part = current;
        if (part == null || !buffer.hasRemaining()) {
            return;
        }
        int n = buffer.remaining();
        if (part.digest != null) {
            if (part.length + (long) n <= hashLimitBytes) {
                part.digest.update(buffer.duplicate());
            } else {
                part.digest = null;
            }
        }
        if (part.copy == null && extendsRange(part, buffer)) {
            part.length += n;
            return;
        }
        if (part.copy == null) {
            // Bytes that are not the next ones of the body (a Content-Transfer-Encoding the parser decoded): keep a
            // copy. Browsers and curl never send one (RFC 7578 section 4.7).
            part.copy = new ByteArrayOutputStream();
            if (part.length > 0) {
                part.copy.write(body, part.start, part.length);
            }
        }
        byte[] bytes = new byte[n];
        buffer.duplicate().get(bytes);
        part.copy.write(bytes, 0, n);
        part.length += n;
    }

    @Override
    public void endPart() {
        current = null;
    }

    /**
     * Whether the buffer holds exactly the body's bytes that follow the part's range: a view into the body array at
     * that offset (the usual case), or, where a 64 KiB step ended inside what looked like the start of a boundary,
     * the parser's own copy of those few bytes.
     */
    private boolean extendsRange(FormPart part, ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.array() == body) {
            int at = buffer.arrayOffset() + buffer.position();
            if (part.start < 0) {
                part.start = at;
            }
            return at == part.start + part.length;
        }
        if (part.start < 0) {
            return false;
        }
        int at = part.start + part.length;
        int n = buffer.remaining();
        if (at + n > body.length) {
            return false;
        }
        ByteBuffer expected = ByteBuffer.wrap(body, at, n);
        return expected.equals(buffer);
    }

    private UploadForm form() throws IOException {
        List<UploadForm.FilePart> filesOut = new ArrayList<>();
        for (FormPart part : files) {
            filesOut.add(new UploadForm.FilePart(part.disposition.fileName(), part.contentType, part.bytes(body)));
        }
        List<String> commentsOut = new ArrayList<>();
        for (FormPart part : comments) {
            commentsOut.add(part.disposition.fileName() != null ? null : part.text(body, defaultCharset));
        }
        return new UploadForm(filesOut, commentsOut);
    }

    /**
     * @return the part's disposition, or {@code null} when it has none or an unreadable one (such a part belongs to
     *         no field)
     * @throws ProblemException {@code invalid_file_name} for a malformed {@code filename*}; {@code malformed_body}
     *                          for an unreadable header of a part that plainly says {@code name="file"}
     */
    private static PartDisposition disposition(String header) {
        if (header == null) {
            return null;
        }
        try {
            return PartDisposition.parse(header);
        } catch (ProblemException e) {
            if ("invalid_file_name".equals(e.code()) || "file".equals(simpleName(header))) {
                throw e;
            }
            return null;
        }
    }

    /** The {@code name} parameter as a plain reading finds it (the first quoted value), for an unreadable header. */
    private static String simpleName(String header) {
        return header.toLowerCase(Locale.ROOT).startsWith(PartDisposition.FORM_DATA)
                ? HeaderUtil.extractQuotedValueFromHeader(header, "name")
                : null;
    }

    static ProblemException malformed(String detail) {
        return ProblemException.badRequest("malformed_body", detail);
    }
}
