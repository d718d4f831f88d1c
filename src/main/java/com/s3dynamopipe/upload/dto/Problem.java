package com.s3dynamopipe.upload.dto;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * An RFC 9457 "problem details" body, served as {@code application/problem+json}.
 *
 * <p>Shape (docs/design.md, "HTTP API"): {@code {"type": "about:blank", "title": "<reason phrase>", "status": 413,
 * "detail": "<for people>", "code": "<machine code>", ...extensions}}. Extension members such as
 * {@code limitBytes} are written after {@code code}.
 *
 * @param type       always {@code about:blank}: the status code and {@code code} say what happened
 * @param title      the HTTP reason phrase of {@code status}
 * @param status     HTTP status code
 * @param detail     a sentence for people; never contains internals, stack traces or tokens
 * @param code       a machine-readable code from the design's list (e.g. {@code file_too_large})
 * @param extensions extra members, e.g. {@code limitBytes}; empty when there are none
 */
@RegisterForReflection
@JsonPropertyOrder({"type", "title", "status", "detail", "code"})
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        @JsonIgnore Map<String, Object> extensions) {

    /** The media type of problem bodies (RFC 9457, section 3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** Compact constructor: copies the extensions so the record stays immutable. */
    public Problem {
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /**
     * Builds a problem with {@code type = about:blank}.
     *
     * @param status     HTTP status code
     * @param title      HTTP reason phrase
     * @param code       machine code
     * @param detail     human-readable sentence
     * @param extensions extra members (may be empty)
     * @return the problem
     */
    public static Problem of(int status, String title, String code, String detail, Map<String, Object> extensions) {
        return new Problem("about:blank", title, status, detail, code, extensions);
    }

    /** @return the extension members, serialised as top-level members of the JSON object */
    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions;
    }
}
