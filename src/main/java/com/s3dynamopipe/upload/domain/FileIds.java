package com.s3dynamopipe.upload.domain;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;

/**
 * File ids: UUIDv7 (RFC 9562) in lowercase canonical form, time-ordered so that the table's RANGE key lists the
 * newest first. An id from a request path that does not have this form names no file (answered 404).
 */
@ApplicationScoped
public class FileIds {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    // Created with the bean at run time: the generator holds a SecureRandom, which must not be in a native image heap.
    private final NoArgGenerator ids = Generators.timeBasedEpochGenerator();

    /** @return a new file id, e.g. {@code 019372f0-8c4e-7a3b-9d2e-4f1a2b3c4d5e} */
    public String generate() {
        return ids.generate().toString();
    }

    /**
     * @param fileId an id as sent, or {@code null}
     * @return whether it has the form of a file id (lowercase canonical UUID)
     */
    public static boolean isValid(String fileId) {
        return fileId != null && UUID.matcher(fileId).matches();
    }
}
