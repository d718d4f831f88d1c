package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.UploadBytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parts of a {@code POST /upload} request that matter, as parsed from {@code multipart/form-data}, before any
 * validation.
 *
 * @param files    every part named {@code file}
 * @param comments every part named {@code comment} (text parts; a comment sent as a file is {@code null})
 */
public record UploadForm(List<FilePart> files, List<String> comments) {

    /** Compact constructor: copies the lists (the comment list may hold {@code null}). */
    public UploadForm {
        files = List.copyOf(files);
        comments = Collections.unmodifiableList(new ArrayList<>(comments));
    }

    /**
     * One {@code file} part.
     *
     * @param fileName    the part's {@code filename} parameter as sent, {@code null} when the part has none
     * @param contentType the part's Content-Type header as sent, {@code null} when absent
     * @param content     the part's bytes where they lie in the request body, with their SHA-256
     */
    public record FilePart(String fileName, String contentType, UploadBytes content) {

        /** @return the part's length in bytes */
        public long sizeBytes() {
            return content.length();
        }
    }
}
