package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The user pool's signing keys (JWKS) cannot be fetched and none were ever cached (nothing listens where they are
 * published): a real token from the local Cognito cannot be checked, which is the identity provider's outage, not
 * the caller's: {@code 503 auth_unavailable}, never a 401 that would sign the user out. Without a token it is still
 * {@code 401 missing_token}. (tests/faults/auth-outage.test.mjs stops the keys of a running cloud.)
 */
@QuarkusTest
@TestProfile(SigningKeysUnavailableTest.KeysUnreachable.class)
class SigningKeysUnavailableTest {

    /** Publishes the JWKS location on a closed port. */
    public static class KeysUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.publickey.location", "http://127.0.0.1:1/jwks.json");
        }
    }

    @Test
    void aValidTokenAnswers503AuthUnavailable() {
        String token = UploadApiTest.freshToken();
        UploadApiTest.as(token)
                .get("/files")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("auth_unavailable"))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", notNullValue());
        UploadApiTest.upload(token, UploadApiTest.simpleForm("later.txt"))
                .then()
                .statusCode(503)
                .body("code", equalTo("auth_unavailable"));
    }

    @Test
    void noTokenIsStill401() {
        UploadApiTest.as(null).get("/files").then().statusCode(401).body("code", equalTo("missing_token"));
    }
}
