package com.s3dynamopipe.upload.auth;

import com.s3dynamopipe.upload.service.LogContext;
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

    /**
     * The owner id; also tags the request's log lines with its opaque reference ({@link LogContext#owner}), so that
     * every line written from here on names the owner without revealing the {@code sub}.
     *
     * @return the owner id: the token's {@code sub} ({@code [A-Za-z0-9-]{1,128}})
     */
    public String ownerId() {
        String ownerId = jwt.getSubject();
        LogContext.owner(ownerId);
        return ownerId;
    }
}
