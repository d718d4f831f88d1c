package com.s3dynamopipe.common.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies what the application writes to {@code System.out} while it is open (the stream is still written to), and
 * reads the JSON objects among those lines: the CloudWatch EMF records the function prints. The application must
 * run in this JVM ({@code @QuarkusTest}); {@link EmfRecords} reads the records.
 */
public final class StdoutCapture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private StdoutCapture() {
        original = System.out;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        };
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** @return a capture of {@code System.out} from now until {@link #close()} */
    public static StdoutCapture start() {
        return new StdoutCapture();
    }

    /** @return the JSON object lines written so far */
    public List<JsonNode> jsonLines() {
        String text;
        synchronized (copy) {
            text = copy.toString(StandardCharsets.UTF_8);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{")) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (JsonProcessingException e) {
                    throw new AssertionError("not one JSON object: " + line, e);
                }
            }
        }
        return lines;
    }

    /** @return the EMF records (objects with an {@code _aws} member) written so far */
    public List<JsonNode> emfRecords() {
        return jsonLines().stream().filter(line -> line.has("_aws")).toList();
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }
}
