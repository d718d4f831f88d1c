package com.s3dynamopipe.processor.service;

import com.s3dynamopipe.processor.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * Reads a stream once, whatever its length, to count its bytes, hash them with SHA-256 and detect their media type
 * with Apache Tika ({@link ContainerDetection}: magic numbers in the first bytes, the file name only refining or
 * replacing a generic result, so a PNG named {@code photo.bin} is still {@code image/png}; and the entries of zip
 * and OLE2 containers, so a {@code report} without extension that is a docx is a docx).
 *
 * <p>Memory stays bounded: bytes pass through in 64 KiB chunks. A zip or OLE2 object, whose type only its directory
 * tells (a zip keeps it at its end), is also copied to a temporary file in {@code app.detection.spool-directory}
 * (/tmp on Lambda), at most {@code app.detection.spool-max-bytes} of it, detected from that copy and the copy
 * deleted before returning; above the cap only the copied beginning is looked at.
 */
@ApplicationScoped
public class ContentInspector {

    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int HEAD_BYTES = 8;

    private final Detector detector = ContainerDetection.newDetector();
    private final long spoolMaxBytes;
    private final Path spoolDirectory;

    /** @param config the detection settings ({@code app.detection.*}) */
    @Inject
    ContentInspector(AppConfig config) {
        this(config.detection().spoolMaxBytes(), Path.of(config.detection().spoolDirectory()));
    }

    /**
     * @param spoolMaxBytes  most bytes of a container object copied for detection
     * @param spoolDirectory where the copy is written
     */
    ContentInspector(long spoolMaxBytes, Path spoolDirectory) {
        this.spoolMaxBytes = spoolMaxBytes;
        this.spoolDirectory = spoolDirectory;
    }

    /**
     * Consumes {@code content} to its end (the caller still closes it).
     *
     * @param content  the bytes to inspect
     * @param fileName the original file name as a detection hint, or {@code null}
     * @return size, SHA-256 and detected media type
     * @throws IOException when reading fails, or the copy cannot be written (a transient fault for the caller)
     */
    public ContentFacts inspect(InputStream content, String fileName) throws IOException {
        MessageDigest sha256 = newSha256();
        // Detection marks and resets the buffered stream, so every byte passes through the digest exactly once.
        InputStream buffered = new BufferedInputStream(new DigestInputStream(content, sha256), CHUNK_BYTES);
        Metadata hints = new Metadata();
        if (fileName != null) {
            hints.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        }
        buffered.mark(HEAD_BYTES);
        byte[] head = buffered.readNBytes(HEAD_BYTES);
        buffered.reset();
        if (!ContainerDetection.isContainer(head)) {
            String mediaType = detector.detect(buffered, hints).toString();
            long sizeBytes = copy(buffered, OutputStream.nullOutputStream(), 0);
            return new ContentFacts(sizeBytes, HexFormat.of().formatHex(sha256.digest()), mediaType);
        }
        Path spool = Files.createTempFile(spoolDirectory, "detect-", ".bin");
        try {
            long sizeBytes;
            try (OutputStream out = Files.newOutputStream(spool)) {
                sizeBytes = copy(buffered, out, spoolMaxBytes);
            }
            String mediaType;
            try (TikaInputStream copy = TikaInputStream.get(spool)) {
                mediaType = detector.detect(copy, hints).toString();
            }
            return new ContentFacts(sizeBytes, HexFormat.of().formatHex(sha256.digest()), mediaType);
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    /** Reads {@code in} to its end, writing at most {@code keepBytes} of it to {@code out}; returns the bytes read. */
    private static long copy(InputStream in, OutputStream out, long keepBytes) throws IOException {
        byte[] chunk = new byte[CHUNK_BYTES];
        long sizeBytes = 0;
        for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
            long keep = Math.min(read, keepBytes - sizeBytes);
            if (keep > 0) {
                out.write(chunk, 0, (int) keep);
            }
            sizeBytes += read;
        }
        return sizeBytes;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
