package com.s3dynamopipe.processor.service;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MimeTypes;

/**
 * Reads a stream once, in constant memory whatever its length, to count its bytes, hash them with SHA-256 and
 * detect their media type with Apache Tika (magic numbers in the first bytes; the file name only refines or
 * replaces a generic result, so a PNG named {@code photo.bin} is still {@code image/png}).
 */
@ApplicationScoped
public class ContentInspector {

    private static final int CHUNK_BYTES = 64 * 1024;

    private final Detector detector = MimeTypes.getDefaultMimeTypes();

    /**
     * Consumes {@code content} to its end (the caller still closes it).
     *
     * @param content  the bytes to inspect
     * @param fileName the original file name as a detection hint, or {@code null}
     * @return size, SHA-256 and detected media type
     * @throws IOException when reading fails (a transient fault for the caller)
     */
    public ContentFacts inspect(InputStream content, String fileName) throws IOException {
        MessageDigest sha256 = newSha256();
        // Detection marks and resets the buffered stream, so every byte passes through the digest exactly once.
        InputStream buffered = new BufferedInputStream(new DigestInputStream(content, sha256), CHUNK_BYTES);
        Metadata hints = new Metadata();
        if (fileName != null) {
            hints.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        String mediaType = detector.detect(buffered, hints).toString();
        byte[] chunk = new byte[CHUNK_BYTES];
        long sizeBytes = 0;
        for (int read = buffered.read(chunk); read != -1; read = buffered.read(chunk)) {
            sizeBytes += read;
        }
        return new ContentFacts(sizeBytes, HexFormat.of().formatHex(sha256.digest()), mediaType);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
