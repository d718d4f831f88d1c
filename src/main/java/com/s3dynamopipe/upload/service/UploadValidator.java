package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The rules of docs/design.md ("HTTP API") for a {@code POST /upload} form: its parts, then the shared
 * {@link UploadRules} and the direct path's size cap. Every method throws a {@link ProblemException} with the
 * design's code when a rule is broken.
 */
@ApplicationScoped
public class UploadValidator {

    private final long maxBytes;

    /** @param config application configuration (upload cap) */
    public UploadValidator(AppConfig config) {
        this.maxBytes = config.upload().maxBytes();
    }

    /** @return the configured upload cap in bytes */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Checks a whole form: exactly one file part, at most one comment, then the file and the comment.
     *
     * @param form the parsed form
     * @return the single file part
     * @throws ProblemException {@code missing_file}, {@code too_many_files}, {@code malformed_body} (comment
     *                          repeated or sent as a file), or any code of the other checks
     */
    public UploadForm.FilePart validate(UploadForm form) {
        if (form.files().isEmpty()) {
            throw ProblemException.badRequest("missing_file", "The form has no part named \"file\".");
        }
        if (form.files().size() > 1) {
            throw ProblemException.badRequest("too_many_files", "Send exactly one part named \"file\".");
        }
        if (form.comments().size() > 1) {
            throw ProblemException.badRequest("malformed_body", "Send at most one part named \"comment\".");
        }
        if (!form.comments().isEmpty() && form.comments().get(0) == null) {
            throw ProblemException.badRequest("malformed_body", "The \"comment\" part must be text, not a file.");
        }
        UploadForm.FilePart file = form.files().get(0);
        UploadRules.checkFileName(file.fileName(), UploadRules.Body.MULTIPART);
        UploadRules.checkContentType(file.contentType(), UploadRules.Body.MULTIPART);
        checkSize(file.sizeBytes());
        form.comments().forEach(UploadRules::checkComment);
        return file;
    }

    /**
     * @param sizeBytes bytes received in the file part
     * @throws ProblemException {@code empty_file} (400) for zero bytes, {@code file_too_large} (413, with
     *                          {@code limitBytes}) above the cap
     */
    public void checkSize(long sizeBytes) {
        if (sizeBytes == 0) {
            throw ProblemException.badRequest("empty_file", "The file is empty.");
        }
        if (sizeBytes > maxBytes) {
            throw UploadRules.fileTooLarge(maxBytes);
        }
    }
}
