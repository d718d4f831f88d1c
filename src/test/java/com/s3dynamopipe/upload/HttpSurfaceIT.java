package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HttpSurfaceTest} against the packaged application, as {@link UploadApiIT} runs {@link UploadApiTest}. */
@QuarkusIntegrationTest
class HttpSurfaceIT extends HttpSurfaceTest {

    @Override
    StorageProbe storage() {
        return StorageProbe.fromEnvironment();
    }
}
