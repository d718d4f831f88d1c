package com.s3dynamopipe.upload.auth;

import com.s3dynamopipe.upload.config.AppConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks a Cognito token after smallrye-jwt has verified its RS256 signature (JWKS), exact issuer and expiry:
 * the token must have been issued to our app client, and its {@code sub} must be usable as an owner id.
 *
 * <ul>
 *   <li>{@code token_use = id}: {@code aud} must equal {@code app.auth.client-id};</li>
 *   <li>{@code token_use = access}: {@code client_id} must equal it (Cognito access tokens carry no {@code aud});</li>
 *   <li>any other {@code token_use}, or a {@code sub} not matching {@code [A-Za-z0-9-]{1,128}}: rejected.</li>
 * </ul>
 * Claims as in the AWS doc "Understanding user pool JSON web tokens (JWTs)". A rejection fails the authentication
 * with {@link AuthenticationFailedException}, which the API answers with 401 {@code invalid_token}.
 */
@ApplicationScoped
public class CognitoClientAugmentor implements SecurityIdentityAugmentor {

    private static final Pattern SUB = Pattern.compile("[A-Za-z0-9-]{1,128}");

    private final String clientId;

    /** @param config application configuration (app client id) */
    public CognitoClientAugmentor(AppConfig config) {
        this.clientId = config.auth().clientId();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || !accepts(jwt)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("token not issued to this client"));
        }
        return Uni.createFrom().item(identity);
    }

    /**
     * @param jwt a verified token
     * @return whether it was issued to this app client for a usable subject
     */
    boolean accepts(JsonWebToken jwt) {
        String sub = jwt.getSubject();
        if (sub == null || !SUB.matcher(sub).matches()) {
            return false;
        }
        String use = claim(jwt, "token_use");
        if ("id".equals(use)) {
            Set<String> audience = jwt.getAudience();
            return audience != null && audience.size() == 1 && audience.contains(clientId);
        }
        if ("access".equals(use)) {
            return clientId.equals(claim(jwt, "client_id"));
        }
        return false;
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value instanceof JsonString json) {
            return json.getString();
        }
        return value instanceof String s ? s : null;
    }
}
