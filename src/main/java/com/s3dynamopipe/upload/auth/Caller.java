package com.s3dynamopipe.upload.auth;

import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller of the current request. Only valid on endpoints that require authentication, where
 * {@link CognitoClientAugmentor} has already checked the token.
 */
@RequestScoped
public class Caller {

    private final JsonWebToken jwt;

    /** @param jwt the verified token of the request */
    public Caller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    /** @return the owner id: the token's {@code sub} ({@code [A-Za-z0-9-]{1,128}}) */
    public String ownerId() {
        return jwt.getSubject();
    }
}
