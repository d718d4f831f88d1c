package com.s3dynamopipe.upload.service;

import java.util.Map;

/**
 * A request the API refuses, carrying what the problem JSON will say (docs/design.md, "HTTP API": status, machine
 * code from the design's list, a sentence for people and extension members such as {@code limitBytes}).
 * Thrown by the service layer, turned into {@code application/problem+json} by the resource layer.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final transient Map<String, Object> extensions;

    /**
     * @param status     HTTP status code
     * @param code       machine code, e.g. {@code invalid_file_name}
     * @param detail     sentence for people (becomes the problem's {@code detail})
     * @param extensions extra members, e.g. {@code Map.of("limitBytes", 4194304)}
     */
    public ProblemException(int status, String code, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.extensions = Map.copyOf(extensions);
    }

    /** 400 Bad Request with the given code and no extension members. */
    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, detail, Map.of());
    }

    /** 404 Not Found, identical for a missing file and a file of another owner. */
    public static ProblemException notFound() {
        return new ProblemException(404, "not_found", "No such file.", Map.of());
    }

    /** @return HTTP status code */
    public int status() {
        return status;
    }

    /** @return machine code */
    public String code() {
        return code;
    }

    /** @return extension members (possibly empty) */
    public Map<String, Object> extensions() {
        return extensions;
    }
}
