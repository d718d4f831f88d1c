package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The client-input cases against the packaged application (the native binary in CI): the header parameter parser
 * and the singleton-field check must behave the same once compiled ahead of time.
 */
@QuarkusIntegrationTest
class ClientInputsIT extends ClientInputsTest {

    @Override
    StorageProbe storage() {
        return StorageProbe.fromEnvironment();
    }
}
