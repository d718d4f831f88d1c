package com.s3dynamopipe.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page's scripts under the deployed CSP (terraform/frontend.tf, rendered by {@link DeployedCsp}): only its own
 * origin's, and WebAssembly compilation for its SHA-256 library ({@code 'wasm-unsafe-eval'}, CSP Level 3), which
 * lets no JavaScript {@code eval} run. Without it the page could not hash a large file before uploading it.
 */
class DeployedCspTest {

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-west-1"})
    void scriptsComeFromThePageItselfAndMayCompileWebAssemblyOnly(String region) {
        assertEquals(
                List.of("'self'", "'wasm-unsafe-eval'"),
                DeployedCsp.forRegion(region).sources("script-src"));
    }
}
