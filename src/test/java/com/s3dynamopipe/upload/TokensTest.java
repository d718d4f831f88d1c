package com.s3dynamopipe.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bearer tokens on the upload API's routes: which are refused (problem JSON, nothing stored) and which accepted. */
@QuarkusTest
class TokensTest extends ApiTestSupport {

    static Stream<Arguments> rejectedTokens() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("no token", (Supplier<String>) () -> null, "missing_token"),
                Arguments.of("not a JWT", (Supplier<String>) () -> "not.a.jwt", "invalid_token"),
                Arguments.of(
                        "expired",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(Tokens.idClaims(Tokens.newSubject())
                                .issuedAt(now - 7200)
                                .expiresAt(now - 3600)),
                        "invalid_token"),
                Arguments.of(
                        "not yet valid",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                                Tokens.idClaims(Tokens.newSubject()).claim("nbf", now + 3600)),
                        "invalid_token"),
                Arguments.of(
                        "wrong issuer",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                                Tokens.idClaims(Tokens.newSubject()).issuer(Tokens.issuer() + "x")),
                        "invalid_token"),
                Arguments.of(
                        "ID token of another app client",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                                Tokens.idClaims(Tokens.newSubject()).audience("another-client")),
                        "invalid_token"),
                Arguments.of(
                        "access token of another app client",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                                Tokens.accessClaims(Tokens.newSubject()).claim("client_id", "another-client")),
                        "invalid_token"),
                Arguments.of(
                        "access token with an aud but no client_id",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(Tokens.accessClaims(Tokens.newSubject())
                                .remove("client_id")
                                .audience(Tokens.clientId())),
                        "invalid_token"),
                Arguments.of(
                        "unknown token_use",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                                Tokens.idClaims(Tokens.newSubject()).claim("token_use", "refresh")),
                        "invalid_token"),
                Arguments.of(
                        "no token_use",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(
                                Tokens.idClaims(Tokens.newSubject()).remove("token_use")),
                        "invalid_token"),
                Arguments.of(
                        "sub not usable as an owner id",
                        (Supplier<String>) () -> Tokens.signWithCognitoLocalKey(Tokens.idClaims("../other-owner")),
                        "invalid_token"),
                Arguments.of(
                        "forged with another key",
                        (Supplier<String>) () -> Tokens.signWithForeignKey(Tokens.idClaims(Tokens.newSubject())),
                        "invalid_token"),
                Arguments.of(
                        "alg none", (Supplier<String>) () -> Tokens.unsigned(Tokens.newSubject()), "invalid_token"),
                Arguments.of(
                        "HS256 keyed with the public key",
                        (Supplier<String>) () -> Tokens.hs256WithPublicKey(Tokens.newSubject()),
                        "invalid_token"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedTokens")
    void badTokensAreRefusedWithProblemJsonAndStoreNothing(String label, Supplier<String> tokenSource, String code) {
        String token = tokenSource.get();
        String owner = token == null || code.equals("missing_token") ? Tokens.newSubject() : subjectOrFresh(token);

        Response response = refused(owner, 401, code, () -> upload(token, simpleForm("never-stored.txt")));

        assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"), label);
        refused(owner, 401, code, () -> as(token).get("/files"));
    }

    static String subjectOrFresh(String token) {
        try {
            return Tokens.subject(token);
        } catch (RuntimeException e) {
            return Tokens.newSubject();
        }
    }

    @Test
    void craftedTokensWithTheRightClaimsAreAccepted() {
        // Control for the refusals above: the same construction with correct claims passes.
        String sub = Tokens.newSubject();
        upload(Tokens.signWithCognitoLocalKey(Tokens.idClaims(sub)), simpleForm("crafted-id.txt"))
                .then()
                .statusCode(201);
        upload(Tokens.signWithCognitoLocalKey(Tokens.accessClaims(sub)), simpleForm("crafted-access.txt"))
                .then()
                .statusCode(201);
        assertEquals(new StorageProbe.Counts(2, 2), storage().counts(sub));
    }
}
