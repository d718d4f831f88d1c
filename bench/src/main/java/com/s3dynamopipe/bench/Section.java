package com.s3dynamopipe.bench;

import java.nio.file.Path;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A part of the harness that measures rows ({@link UploadBench}, {@link ProcessorBench}, ...): what they all measure
 * with, given once by {@link Bench} as a {@link Context}.
 */
abstract class Section {

    /**
     * What every part of one run measures with.
     *
     * @param cloud    the private local cloud bench/run started (its cloud.json)
     * @param s3       a plain S3 client of that cloud's S3Proxy
     * @param backend  a DynamoDB client of dynalite itself, behind the stream proxy: writes make no stream record, so
     *                 fixtures stay out of the cloud's own pipe
     * @param report   where the rows, notes and profiles go
     * @param settings sizes and counts of the run
     * @param meter    CPU time of the cloud's processes and the harness
     * @param outDir   logs and JFR recordings of the run (bench/target/run/results)
     */
    record Context(Cloud cloud, S3Client s3, DynamoDbClient backend, Report report, Settings settings, CpuMeter meter,
            Path outDir) {
    }

    protected final Cloud cloud;
    protected final S3Client s3;
    protected final DynamoDbClient backend;
    protected final Report report;
    protected final Settings settings;
    protected final CpuMeter meter;
    protected final Path outDir;

    Section(Context context) {
        this.cloud = context.cloud();
        this.s3 = context.s3();
        this.backend = context.backend();
        this.report = context.report();
        this.settings = context.settings();
        this.meter = context.meter();
        this.outDir = context.outDir();
    }
}
