package com.s3dynamopipe.common.telemetry;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;

/**
 * Native readiness of the metrics: Jackson writes the aws-embedded-metrics model (package-private classes, their
 * custom serializers and filters) by reflection, which a native image allows only for registered classes. Every
 * class of the library's {@code model} and {@code serializers} packages must be named in {@link EmfMetrics}'s
 * {@link RegisterForReflection#classNames()}, and every name there must exist (a library upgrade that adds or
 * renames one fails here).
 */
class EmfReflectionTest {

    private static final Set<String> PACKAGES =
            Set.of("software/amazon/cloudwatchlogs/emf/model/", "software/amazon/cloudwatchlogs/emf/serializers/");

    @Test
    void everyModelAndSerializerClassOfTheLibraryIsRegistered() throws IOException, URISyntaxException {
        Set<String> inLibrary = new TreeSet<>();
        Path jar = Path.of(MetricsLogger.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .filter(name ->
                            PACKAGES.stream().anyMatch(p -> name.startsWith(p) && name.indexOf('/', p.length()) < 0))
                    .forEach(name -> inLibrary.add(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.')));
        }
        assertTrue(inLibrary.contains("software.amazon.cloudwatchlogs.emf.model.RootNode"), "scanned " + jar);

        Set<String> registered = new TreeSet<>(Set.of(
                EmfMetrics.class.getAnnotation(RegisterForReflection.class).classNames()));
        assertEquals(inLibrary, registered);
        for (String name : registered) {
            assertDoesNotThrow(() -> Class.forName(name), name);
        }
    }
}
