package com.s3dynamopipe.upload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.s3dynamopipe.upload.dto.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Native readiness: every class of the dto package (the JSON that Jackson writes) is registered for reflection,
 * since a native image otherwise serialises records as empty objects.
 */
class DtoReflectionTest {

    @Test
    void everyDtoIsRegisteredForReflection() throws IOException, URISyntaxException {
        String pkg = Problem.class.getPackageName();
        Path dir = Path.of(Problem.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve(pkg.replace('.', '/'));
        List<Class<?>> classes;
        try (Stream<Path> files = Files.list(dir)) {
            classes = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".class") && !n.contains("$"))
                    .<Class<?>>map(n -> load(pkg + "." + n.substring(0, n.length() - ".class".length())))
                    .toList();
        }
        assertFalse(classes.isEmpty(), "no classes found in " + dir);
        for (Class<?> type : classes) {
            assertTrue(type.isRecord(), type + " should be a record");
            assertTrue(
                    type.isAnnotationPresent(RegisterForReflection.class),
                    type + " is serialised by Jackson and needs @RegisterForReflection");
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
