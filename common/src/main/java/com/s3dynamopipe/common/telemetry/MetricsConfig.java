package com.s3dynamopipe.common.telemetry;

import io.smallrye.config.ConfigMapping;

/**
 * Where a function's CloudWatch metrics go: the {@code app.metrics.*} keys of its {@code application.properties}
 * (embedded metric format lines on stdout; docs/design.md, "Logs and metrics").
 */
@ConfigMapping(prefix = "app.metrics")
public interface MetricsConfig {

    /**
     * The CloudWatch namespace of every metric ({@code AWS_EMF_NAMESPACE}: the project name in AWS, default
     * {@code s3-dynamo-pipe-app}); letters, digits and {@code . _ # : / -}, at most 256 characters.
     */
    String namespace();
}
