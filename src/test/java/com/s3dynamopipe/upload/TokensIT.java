package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TokensTest} against the packaged application, as {@link UploadApiIT} runs {@link UploadApiTest}. */
@QuarkusIntegrationTest
class TokensIT extends TokensTest {

    @Override
    StorageProbe storage() {
        return StorageProbe.fromEnvironment();
    }
}
