package com.s3dynamopipe.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Tokens for the tests: real ones from cognito-local (InitiateAuth, USER_PASSWORD_AUTH, AWS doc "InitiateAuth"),
 * and crafted ones signed with cognito-local's published key (kid {@code CognitoLocal}) or with keys the verifier
 * must refuse. Environment: {@code COGNITO_ENDPOINT}, {@code COGNITO_ISSUER}, {@code COGNITO_CLIENT_ID},
 * {@code COGNITO_TEST_USERS}, {@code COGNITO_TEST_PASSWORD}.
 */
final class Tokens {

    /** The signing key id cognito-local publishes in its JWKS. */
    static final String KID = "CognitoLocal";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PRIVATE_JWK = Path.of("node_modules/cognito-local/lib/keys/cognitoLocal.private.json");
    private static final Map<String, Map<String, String>> REAL = new ConcurrentHashMap<>();

    private Tokens() {}

    static String env(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    static String issuer() {
        return env("COGNITO_ISSUER");
    }

    static String clientId() {
        return env("COGNITO_CLIENT_ID");
    }

    /** @return the test users, e.g. {@code [alice@example.com, bob@example.com]} */
    static List<String> users() {
        return List.of(env("COGNITO_TEST_USERS").trim().split("\\s+"));
    }

    /** @return the ID token of test user {@code index} */
    static String idToken(int index) {
        return real(users().get(index)).get("IdToken");
    }

    /** @return the access token of test user {@code index} */
    static String accessToken(int index) {
        return real(users().get(index)).get("AccessToken");
    }

    /** @return the {@code sub} claim of a token (payload decoded without verification) */
    static String subject(String token) {
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
            return JSON.readTree(payload).get("sub").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> real(String user) {
        return REAL.computeIfAbsent(user, Tokens::initiateAuth);
    }

    private static Map<String, String> initiateAuth(String user) {
        try {
            String body = JSON.writeValueAsString(Map.of(
                    "AuthFlow",
                    "USER_PASSWORD_AUTH",
                    "ClientId",
                    clientId(),
                    "AuthParameters",
                    Map.of("USERNAME", user, "PASSWORD", env("COGNITO_TEST_PASSWORD"))));
            HttpRequest request = HttpRequest.newBuilder(URI.create(env("COGNITO_ENDPOINT")))
                    .header("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response =
                    JdkHttp.send(HttpClient.newHttpClient(), request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("InitiateAuth for " + user + " answered " + response.statusCode());
            }
            JsonNode result = JSON.readTree(response.body()).get("AuthenticationResult");
            return Map.of(
                    "IdToken",
                    result.get("IdToken").asText(),
                    "AccessToken",
                    result.get("AccessToken").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return claims of a valid ID token for a fresh random subject, as Cognito writes them */
    static JwtClaimsBuilder idClaims(String sub) {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims()
                .issuer(issuer())
                .subject(sub)
                .audience(clientId())
                .claim("token_use", "id")
                .claim("cognito:username", sub)
                .issuedAt(now)
                .claim("auth_time", now)
                .expiresAt(now + 3600);
    }

    /** @return claims of a valid access token for a subject */
    static JwtClaimsBuilder accessClaims(String sub) {
        long now = Instant.now().getEpochSecond();
        return Jwt.claims()
                .issuer(issuer())
                .subject(sub)
                .claim("client_id", clientId())
                .claim("token_use", "access")
                .claim("scope", "aws.cognito.signin.user.admin")
                .issuedAt(now)
                .expiresAt(now + 3600);
    }

    /** @return a fresh subject in Cognito's format (a UUID) */
    static String newSubject() {
        return UUID.randomUUID().toString();
    }

    /** Signs claims with cognito-local's private key, as cognito-local itself would. */
    static String signWithCognitoLocalKey(JwtClaimsBuilder claims) {
        return claims.jws()
                .keyId(KID)
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256)
                .sign(cognitoLocalKey());
    }

    /** Signs claims with a freshly generated RSA key under cognito-local's key id: a forgery. */
    static String signWithForeignKey(JwtClaimsBuilder claims) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims.jws().keyId(KID).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return an unsigned token ({@code alg: none}) with valid claims */
    static String unsigned(String sub) {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + b64(payload(sub)) + ".";
    }

    /** @return an HS256 token whose HMAC key is cognito-local's public key (the algorithm-confusion attack) */
    static String hs256WithPublicKey(String sub) {
        try {
            RsaJsonWebKey jwk = cognitoLocalJwk();
            String header = b64(
                    ("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}").getBytes(StandardCharsets.UTF_8));
            String input = header + "." + b64(payload(sub));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwk.getPublicKey().getEncoded(), "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] payload(String sub) {
        long now = Instant.now().getEpochSecond();
        try {
            return JSON.writeValueAsBytes(Map.of(
                    "iss", issuer(), "sub", sub, "aud", clientId(), "token_use", "id", "iat", now, "exp", now + 3600));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static PrivateKey cognitoLocalKey() {
        return cognitoLocalJwk().getRsaPrivateKey();
    }

    private static RsaJsonWebKey cognitoLocalJwk() {
        try {
            JsonNode jwk = JSON.readTree(Files.readString(PRIVATE_JWK)).get("jwk");
            return (RsaJsonWebKey) JsonWebKey.Factory.newJwk(JSON.writeValueAsString(jwk));
        } catch (IOException | JoseException e) {
            throw new IllegalStateException("Cannot read " + PRIVATE_JWK, e);
        }
    }
}
