package com.s3dynamopipe.upload.auth;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells a token that could not be checked from a token that is bad. smallrye-jwt verifies signatures with the keys
 * of the user pool's JWKS document ({@code mp.jwt.verify.publickey.location}, RFC 7517), which it fetches over HTTP
 * and caches ({@code smallrye.jwt.jwks.*} in application.properties: fetched at start, kept when a refresh fails).
 * When no key could be had, the authentication failure carries the fetch's {@link IOException} (connection refused,
 * timeout, an HTTP status other than 200) among its causes; a bad token (signature, claims, unknown key id with the
 * keys at hand) never does.
 */
public final class SigningKeys {

    private SigningKeys() {}

    /**
     * @param failure the authentication failure (any throwable; {@code null} is fine)
     * @return {@code true} if it happened because the signing keys could not be fetched
     */
    public static boolean unavailable(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
