package com.s3dynamopipe.processor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed application settings (prefix {@code app}), filled from environment variables in
 * {@code application.properties}; names are defined in docs/design.md, "Configuration". The metrics'
 * {@code app.metrics.*} keys are read by the shared {@code MetricsConfig}.
 */
@ConfigMapping(prefix = "app")
public interface AppConfig {

    /** Where files and their items live: the same {@code app.storage.*} keys as the upload API's. */
    Storage storage();

    /** The bucket and the table, shared with the upload API. */
    interface Storage {
        /** The storage bucket the upload API writes objects to ({@code UPLOAD_BUCKET}). */
        String bucket();

        /**
         * The metadata table ({@code FILES_TABLE}); also the only table whose stream records are processed, matched
         * against the record's {@code eventSourceARN}
         * ({@code arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>}).
         */
        String table();
    }

    /** Media type detection of zip and OLE2 containers (docs/design.md, "Media type detection"). */
    Detection detection();

    /**
     * Container formats need their directory, which a zip keeps at its end: such objects are copied to the
     * function's ephemeral storage while they are hashed, up to a cap, and detected from that copy.
     */
    interface Detection {

        /**
         * Bytes of a zip or OLE2 object copied for detection ({@code app.detection.spool-max-bytes}, default
         * 64 MiB, well within Lambda's default 512 MB of {@code /tmp}). An object up to this size is detected from
         * its whole directory; a larger one from its first this-many bytes only (a zip by Tika's streaming
         * detection of the entries found there, an OLE2 file as {@code application/x-tika-msoffice} unless its
         * name says more). Other objects are never copied.
         */
        @WithDefault("67108864")
        long spoolMaxBytes();

        /** Directory of the copy ({@code app.detection.spool-directory}): the JVM's temporary directory, /tmp on Lambda. */
        @WithDefault("${java.io.tmpdir}")
        String spoolDirectory();
    }
}
