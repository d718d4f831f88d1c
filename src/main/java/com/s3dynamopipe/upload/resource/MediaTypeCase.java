package com.s3dynamopipe.upload.resource;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * Media type names are case-insensitive (RFC 9110, section 8.3.1), but the multipart parser of quarkus-rest only
 * recognises a lower-case {@code multipart/form-data}: a {@code Multipart/Form-Data; boundary=…} body would reach
 * {@code POST /upload} unparsed. This router handler lower-cases the {@code type/subtype} of the request's
 * Content-Type before anything reads it; parameters (the boundary is case-sensitive) are kept exactly as sent.
 */
@ApplicationScoped
public class MediaTypeCase {

    /**
     * Registers the handler ahead of the body-size check and of every JAX-RS route.
     *
     * @param router the application's router
     */
    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::normalise);
    }

    private void normalise(RoutingContext rc) {
        MultiMap headers = rc.request().headers();
        String contentType = headers.get(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) {
            String normalised = lowerCaseTypeName(contentType);
            if (!normalised.equals(contentType)) {
                headers.set(HttpHeaders.CONTENT_TYPE, normalised);
            }
        }
        rc.next();
    }

    /**
     * @param contentType a Content-Type value as sent, e.g. {@code Multipart/Form-Data; boundary=AbC}
     * @return the value with the part before the first {@code ;} in lower case, e.g.
     *         {@code multipart/form-data; boundary=AbC}
     */
    static String lowerCaseTypeName(String contentType) {
        int semicolon = contentType.indexOf(';');
        String name = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        String rest = semicolon < 0 ? "" : contentType.substring(semicolon);
        return name.toLowerCase(Locale.ROOT) + rest;
    }
}
