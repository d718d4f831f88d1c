package com.s3dynamopipe.processor.config;

import io.smallrye.config.ConfigMapping;

/**
 * Typed application settings (prefix {@code app}), filled from environment variables in
 * {@code application.properties}; names are defined in docs/design.md, "Configuration".
 */
@ConfigMapping(prefix = "app")
public interface AppConfig {

    /** The storage bucket the upload API writes objects to ({@code UPLOAD_BUCKET}). */
    String bucket();

    /**
     * The metadata table ({@code FILES_TABLE}); also the only table whose stream records are processed, matched
     * against the record's {@code eventSourceARN} ({@code arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>}).
     */
    String table();

    /** Where the function's CloudWatch metrics go. */
    Metrics metrics();

    /** CloudWatch metrics (embedded metric format lines on stdout; docs/design.md, "Logs and metrics"). */
    interface Metrics {
        /**
         * The CloudWatch namespace of every metric ({@code AWS_EMF_NAMESPACE}: the project name in AWS, default
         * {@code s3-dynamo-pipe-app}); letters, digits and {@code . _ # : / -}, at most 256 characters.
         */
        String namespace();
    }
}
