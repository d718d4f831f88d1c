package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link FileReadsTest} against the packaged application, as {@link UploadApiIT} runs {@link UploadApiTest}. */
@QuarkusIntegrationTest
class FileReadsIT extends FileReadsTest {

    @Override
    StorageProbe storage() {
        return StorageProbe.fromEnvironment();
    }
}
