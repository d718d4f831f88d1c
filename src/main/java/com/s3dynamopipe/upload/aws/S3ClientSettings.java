package com.s3dynamopipe.upload.aws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The S3 client of the function: the builder the Quarkiverse extension configured from {@code quarkus.s3.*}
 * (endpoint, region, credentials, HTTP client, timeouts), plus what its configuration keys cannot say (the
 * extension's "Overriding the client configuration"):
 * <ul>
 * <li>{@code requestChecksumCalculation} and {@code responseChecksumValidation} {@code WHEN_REQUIRED}: the SDK adds no
 * CRC32 of its own to requests that do not need one (an upload already carries its SHA-256 as
 * {@code x-amz-checksum-sha256}, docs/design.md "Passes over the bytes"), and checks responses only where S3
 * requires it;</li>
 * <li>SigV4 with an unsigned payload on every endpoint ({@link UnsignedPayloadSigner}), as the SDK signs over
 * TLS.</li>
 * </ul>
 * The same settings apply in AWS and locally; only the endpoint differs.
 */
@ApplicationScoped
public class S3ClientSettings {

    /**
     * @param builder   the extension's S3 client builder
     * @param pathStyle {@code quarkus.s3.path-style-access}: path-style URLs (the local S3, which has no
     *                  per-bucket host names); the extension writes it into an {@code S3Configuration}, which also
     *                  sets the legacy {@code checksumValidationEnabled} that the SDK refuses beside the client-level
     *                  checksum settings below, so the service configuration is replaced by one with only this
     * @return the application's S3 client
     */
    @Produces
    @ApplicationScoped
    public S3Client s3(
            S3ClientBuilder builder,
            @ConfigProperty(name = "quarkus.s3.path-style-access", defaultValue = "false") boolean pathStyle) {
        return builder.serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(pathStyle)
                        .build())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .putAuthScheme(UnsignedPayloadSigner.scheme())
                .build();
    }
}
