package com.s3dynamopipe.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.s3dynamopipe.processor.service.ContentFacts;
import com.s3dynamopipe.processor.service.ContentInspectorAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inspector on its own (no Lambda, no emulators): container detection from the spooled copy, the cap above
 * which only the beginning is looked at, and that the copy never outlives the call.
 */
class ContentInspectorTest {

    @TempDir
    Path spool;

    static Stream<ContainerSamples> samples() {
        return ContainerSamples.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void containerWithoutExtensionIsDetectedByItsEntries(ContainerSamples sample) throws IOException {
        ContentFacts facts = ContentInspectorAccess.inspect(64L << 20, spool, sample.bytes(), "report");

        assertEquals(sample.expected(), facts.mediaType(), sample.family());
        assertEquals(sample.bytes().length, facts.sizeBytes());
        assertEquals(sha256(sample.bytes()), facts.sha256());
        assertArrayEquals(new String[0], spooled(), "the copy is deleted");
    }

    @Test
    void zipAboveTheCapIsDetectedFromItsFirstBytesOnly() throws IOException {
        ContainerSamples docx = ContainerSamples.all().get(0);
        byte[] bytes = docx.bytes();

        // The cap ends the copy before the central directory: the entries seen first still tell a docx here.
        ContentFacts facts = ContentInspectorAccess.inspect(bytes.length - 30, spool, bytes, "report");

        assertEquals(docx.expected(), facts.mediaType());
        assertEquals(bytes.length, facts.sizeBytes(), "every byte is still counted and hashed");
        assertEquals(sha256(bytes), facts.sha256());
        assertArrayEquals(new String[0], spooled());
    }

    @Test
    void oleAboveTheCapFallsBackToTheGenericOfficeType() throws IOException {
        ContainerSamples doc = ContainerSamples.all().stream()
                .filter(s -> s.family().startsWith("doc ("))
                .findFirst()
                .orElseThrow();

        ContentFacts facts = ContentInspectorAccess.inspect(1024, spool, doc.bytes(), "report");

        assertEquals("application/x-tika-msoffice", facts.mediaType());
        assertEquals(sha256(doc.bytes()), facts.sha256());
    }

    @Test
    void nonContainersAreNeverCopied() throws IOException {
        Path readOnly = spool.resolve("missing-directory");
        // A spool directory that does not exist: a copy would fail, so detection must not make one.
        ContentFacts facts = ContentInspectorAccess.inspect(64L << 20, readOnly, ProcessorHandlerTest.PNG, "x.bin");

        assertEquals("image/png", facts.mediaType());
    }

    private String[] spooled() throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.map(Path::toString).toArray(String[]::new);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ByteArrayInputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
