package com.s3dynamopipe.common.telemetry;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;

/**
 * Publishes metrics to CloudWatch as embedded metric format (EMF) records: one JSON object on one stdout line, which
 * Lambda ships to CloudWatch Logs, which extracts the metrics (AWS doc "Specification: Embedded metric format").
 * Written with AWS's library {@code software.amazon.cloudwatchlogs:aws-embedded-metrics}.
 *
 * <p>A record looks like {@code {"_aws": {"Timestamp": 1767225600000, "CloudWatchMetrics": [{"Namespace":
 * "s3-dynamo-pipe-app", "Dimensions": [["Function"]], "Metrics": [{"Name": "UploadsAccepted", "Unit": "Count"}]}]},
 * "Function": "upload", "UploadsAccepted": 1.0, "AWSRequestId": "…"}}: the dimension values, metric values and
 * properties are top-level members. The namespace is {@link MetricsConfig#namespace()}, from {@code
 * AWS_EMF_NAMESPACE} (which this library, unlike AWS's Node.js and Python ones, does not read itself). This class
 * knows no metric, dimension or function: each function passes its own, and docs/design.md ("Logs and metrics")
 * defines them.
 *
 * <p>The library's environment is always {@link LambdaEnvironment} (stdout), set here rather than detected: detection
 * would probe the EC2 metadata service and fall back to a CloudWatch agent socket wherever
 * {@code AWS_LAMBDA_FUNCTION_NAME} is not set, which is the case in dev mode and tests. No default dimensions
 * (LogGroup, ServiceName, ServiceType) are added: each record carries exactly the dimension sets it is given.
 *
 * <p>Native image: the library's model is written by Jackson through reflection, so its classes (package-private)
 * are registered here by name; {@code EmfReflectionTest} checks that the list covers the library's model and
 * serializer packages.
 */
@ApplicationScoped
@RegisterForReflection(
        classNames = {
            "software.amazon.cloudwatchlogs.emf.model.DimensionSet",
            "software.amazon.cloudwatchlogs.emf.model.EmptyMetricsFilter",
            "software.amazon.cloudwatchlogs.emf.model.Metadata",
            "software.amazon.cloudwatchlogs.emf.model.MetricDefinition",
            "software.amazon.cloudwatchlogs.emf.model.MetricDirective",
            "software.amazon.cloudwatchlogs.emf.model.MetricsContext",
            "software.amazon.cloudwatchlogs.emf.model.RootNode",
            "software.amazon.cloudwatchlogs.emf.model.StorageResolution",
            "software.amazon.cloudwatchlogs.emf.model.Unit",
            "software.amazon.cloudwatchlogs.emf.serializers.InstantDeserializer",
            "software.amazon.cloudwatchlogs.emf.serializers.InstantSerializer",
            "software.amazon.cloudwatchlogs.emf.serializers.StorageResolutionFilter",
            "software.amazon.cloudwatchlogs.emf.serializers.StorageResolutionSerializer",
            "software.amazon.cloudwatchlogs.emf.serializers.UnitDeserializer",
            "software.amazon.cloudwatchlogs.emf.serializers.UnitSerializer"
        })
public class EmfMetrics {

    private static final Logger LOG = Logger.getLogger(EmfMetrics.class);

    /** Units this system uses (EMF {@code Unit}, the CloudWatch {@code StandardUnit} names). */
    public enum Unit {
        /** {@code Count} */
        COUNT(software.amazon.cloudwatchlogs.emf.model.Unit.COUNT),
        /** {@code Bytes} */
        BYTES(software.amazon.cloudwatchlogs.emf.model.Unit.BYTES),
        /** {@code Milliseconds} */
        MILLISECONDS(software.amazon.cloudwatchlogs.emf.model.Unit.MILLISECONDS);

        private final software.amazon.cloudwatchlogs.emf.model.Unit emf;

        Unit(software.amazon.cloudwatchlogs.emf.model.Unit emf) {
            this.emf = emf;
        }
    }

    /**
     * One metric value of a record.
     *
     * @param name  metric name (at most 1024 characters)
     * @param value a finite number in {@code unit}
     * @param unit  its unit
     */
    public record Metric(String name, double value, Unit unit) {}

    private final Environment environment = new LambdaEnvironment();
    private final String namespace;

    /** @param config where the metrics go ({@code app.metrics.namespace}) */
    public EmfMetrics(MetricsConfig config) {
        this.namespace = config.namespace();
    }

    /**
     * Writes one EMF record to stdout. Never throws: a metric that cannot be written is logged and dropped, so that
     * metrics never change an answer.
     *
     * @param dimensions    dimension name → value (ASCII, at most 1024 characters each); every name used in
     *                      {@code dimensionSets} must have a value
     * @param dimensionSets the dimension sets the metrics are aggregated by, e.g. {@code [["Function"],
     *                      ["Function", "ErrorCode"]]} (at most 30 dimensions per set)
     * @param metrics       the values (names unique within the record)
     * @param properties    searchable members that are not dimensions (e.g. the request id); no secrets, contents
     *                      or comments
     */
    public void emit(
            Map<String, String> dimensions,
            List<List<String>> dimensionSets,
            List<Metric> metrics,
            Map<String, String> properties) {
        try {
            MetricsLogger logger = new MetricsLogger(environment);
            logger.setNamespace(namespace);
            DimensionSet[] sets = new DimensionSet[dimensionSets.size()];
            for (int i = 0; i < sets.length; i++) {
                DimensionSet set = new DimensionSet();
                for (String name : dimensionSets.get(i)) {
                    set.addDimension(name, dimensions.get(name));
                }
                sets[i] = set;
            }
            logger.setDimensions(false, sets);
            for (Metric metric : metrics) {
                logger.putMetric(metric.name(), metric.value(), metric.unit().emf);
            }
            properties.forEach(logger::putProperty);
            logger.flush();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Metrics %s not written: %s",
                    metrics.stream().map(Metric::name).toList(), e.toString());
        }
    }
}
