package com.s3dynamopipe.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The host of every presigned URL the deployed upload function hands out is one the page's CSP allows, in every
 * region. The presigner is the SDK's real {@link S3Presigner}, configured as the Quarkiverse S3 extension configures
 * it in AWS: the region, no endpoint override, and the unprofiled {@code quarkus.s3.*} addressing settings of
 * application.properties; the environment of sam/template.yaml's Globals reaches it as the SDK reads it (its
 * {@code AWS_S3_US_EAST_1_REGIONAL_ENDPOINT} setting, given here as the equivalent system property). The CSP is
 * terraform/frontend.tf's, rendered for the same region by {@link DeployedCsp}.
 */
class PresignedUrlHostTest {

    private static final String SDK_SETTING_PROPERTY = "aws.s3UseUsEast1RegionalEndpoint";
    private static final String BUCKET = "s3-dynamo-pipe-app-uploads-" + DeployedCsp.ACCOUNT_ID;

    @AfterEach
    void clearSdkSetting() {
        System.clearProperty(SDK_SETTING_PROPERTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-west-1", "ap-northeast-1"})
    void presignedUploadAndDownloadHostsAreAllowedByTheCsp(String region) throws IOException {
        samGlobalEnvironment("AWS_S3_US_EAST_1_REGIONAL_ENDPOINT")
                .ifPresent(value -> System.setProperty(SDK_SETTING_PROPERTY, value));
        DeployedCsp csp = DeployedCsp.forRegion(region);

        try (S3Presigner presigner = deployedPresigner(region)) {
            URI put = URI.create(presigner
                    .presignPutObject(p -> p.signatureDuration(Duration.ofHours(1))
                            .putObjectRequest(b -> b.bucket(BUCKET)
                                    .key("uploads/owner/file")
                                    .contentType("text/plain")
                                    .contentLength(5L)))
                    .url()
                    .toString());
            URI get = URI.create(presigner
                    .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(b -> b.bucket(BUCKET).key("uploads/owner/file")))
                    .url()
                    .toString());

            assertEquals(BUCKET + ".s3." + region + ".amazonaws.com", put.getHost(), "presigned PUT host");
            assertTrue(csp.allowsConnectTo(put), put.getHost() + " is not in connect-src " + csp.connectSources());
            assertTrue(csp.allowsConnectTo(get), get.getHost() + " is not in connect-src " + csp.connectSources());
        }
    }

    /** Why the SAM setting exists: without it the SDK signs us-east-1 URLs for a host the CSP does not allow. */
    @Test
    void withoutTheRegionalSettingUsEast1UrlsUseTheGlobalHostTheCspBlocks() throws IOException {
        try (S3Presigner presigner = deployedPresigner("us-east-1")) {
            URI put = URI.create(presigner
                    .presignPutObject(p -> p.signatureDuration(Duration.ofHours(1))
                            .putObjectRequest(b -> b.bucket(BUCKET).key("uploads/owner/file")))
                    .url()
                    .toString());

            assertEquals(BUCKET + ".s3.amazonaws.com", put.getHost());
            assertFalse(DeployedCsp.forRegion("us-east-1").allowsConnectTo(put));
        }
    }

    /** The presigner as the extension builds it in AWS (no endpoint override; addressing from the unprofiled keys). */
    private static S3Presigner deployedPresigner(String region) throws IOException {
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));
        return S3Presigner.builder()
                .region(Region.of(region))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(unprofiled(properties, "quarkus.s3.path-style-access"))
                        .accelerateModeEnabled(unprofiled(properties, "quarkus.s3.accelerate-mode"))
                        .build())
                .dualstackEnabled(unprofiled(properties, "quarkus.s3.dualstack"))
                .build();
    }

    /** A boolean key as it applies in AWS (no %dev/%test prefix); false, the extension's default, when absent. */
    private static boolean unprofiled(String properties, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=\\s*(\\S+)\\s*$")
                .matcher(properties);
        return m.find() && Boolean.parseBoolean(m.group(1));
    }

    /** A variable of sam/template.yaml's Globals.Function.Environment.Variables, as Lambda would pass it. */
    private static Optional<String> samGlobalEnvironment(String name) throws IOException {
        String template = Files.readString(Path.of("sam/template.yaml"));
        String globals = template.substring(template.indexOf("\nGlobals:"), template.indexOf("\nResources:"));
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(name) + ":\\s*\"?([^\"\\s#]+)\"?")
                .matcher(globals);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
