package com.s3dynamopipe.upload.resource;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The API's routes and the methods each one takes, read once from the JAX-RS annotations of the resource classes,
 * so that a 405 can say what the path supports ({@code Allow}, RFC 9110 section 10.2.1) without a second list to keep
 * in step. The classes are registered for reflection so that the native image keeps their methods' annotations.
 */
@RegisterForReflection(
        targets = {FileResource.class, UploadResource.class, UploadsResource.class, UsageResource.class},
        methods = true)
final class Routes {

    private static final Map<Class<? extends Annotation>, String> DESIGNATORS = Map.of(
            GET.class, HttpMethod.GET,
            POST.class, HttpMethod.POST,
            PUT.class, HttpMethod.PUT,
            DELETE.class, HttpMethod.DELETE,
            PATCH.class, HttpMethod.PATCH,
            HEAD.class, HttpMethod.HEAD,
            OPTIONS.class, HttpMethod.OPTIONS);

    private static final Map<Pattern, Set<String>> ROUTES =
            read(FileResource.class, UploadResource.class, UploadsResource.class, UsageResource.class);

    private Routes() {}

    /**
     * @param path a request path such as {@code /files/0190…/download}
     * @return the methods its route takes, in alphabetical order ({@code [DELETE, GET]}); empty if no route has
     *         that path
     */
    static Optional<Set<String>> allowed(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return ROUTES.entrySet().stream()
                .filter(route -> route.getKey().matcher(trimmed).matches())
                .map(Map.Entry::getValue)
                .findFirst();
    }

    private static Map<Pattern, Set<String>> read(Class<?>... resources) {
        Map<String, Set<String>> methodsByTemplate = new LinkedHashMap<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod != null) {
                    Path sub = method.getAnnotation(Path.class);
                    String template = sub == null ? base : base + sub.value();
                    methodsByTemplate
                            .computeIfAbsent(template, t -> new TreeSet<>())
                            .add(httpMethod);
                }
            }
        }
        Map<Pattern, Set<String>> routes = new LinkedHashMap<>();
        methodsByTemplate.forEach(
                (template, methods) -> routes.put(pattern(template), Collections.unmodifiableSet(methods)));
        return routes;
    }

    /** The designator annotations JAX-RS defines, looked up by class (no reflection on annotation types). */
    private static String httpMethod(Method method) {
        return DESIGNATORS.entrySet().stream()
                .filter(designator -> method.isAnnotationPresent(designator.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** {@code /files/{fileId}} becomes {@code /files/[^/]+}; everything else is matched literally. */
    private static Pattern pattern(String template) {
        return Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q"));
    }
}
