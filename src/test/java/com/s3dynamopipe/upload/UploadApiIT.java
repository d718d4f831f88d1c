package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same suite against the packaged application (the native binary in CI, run with the {@code test} profile,
 * see {@code quarkus.test.integration-test-profile}). Injection is not available here, so the probe's clients are
 * built from the emulator variables ({@code S3_ENDPOINT}, {@code DYNAMODB_ENDPOINT}, {@code AWS_REGION}).
 */
@QuarkusIntegrationTest
class UploadApiIT extends UploadApiTest {

    @Override
    StorageProbe storage() {
        return StorageProbe.fromEnvironment();
    }
}
