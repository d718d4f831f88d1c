package com.s3dynamopipe.common.telemetry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;

/**
 * Records every log record the application writes while it is open, with the MDC as it was when the line was
 * written (the fields Quarkus' JSON format prints as {@code "mdc"}). The application must run in this JVM
 * ({@code @QuarkusTest}).
 */
public final class LogCapture extends ExtHandler implements AutoCloseable {

    /** {@code %s}: the message with its parameters filled in, in the record's own format style, no exception. */
    private static final PatternFormatter MESSAGE = new PatternFormatter("%s");

    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = LogContext.getLogContext().getLogger("");

    private LogCapture() {
        root.addHandler(this);
    }

    /** @return a capture of the log records from now until {@link #close()} */
    public static LogCapture start() {
        return new LogCapture();
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        record.copyAll();
        records.add(record);
    }

    /** @return the records so far */
    public List<ExtLogRecord> records() {
        return List.copyOf(records);
    }

    /** @return the record's message with its parameters filled in (what the JSON format prints as "message") */
    public static String message(ExtLogRecord record) {
        return MESSAGE.format(record);
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
