package com.s3dynamopipe.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.s3dynamopipe.processor.model.StreamRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Native readiness, checked on the JVM: Jackson binds and writes the model by reflection, which a native image
 * only allows for registered classes, so every record and enum of the model package must carry
 * {@link RegisterForReflection}.
 */
class ModelRegistrationTest {

    @Test
    void everyModelRecordAndEnumIsRegisteredForReflection() throws IOException, URISyntaxException {
        List<Class<?>> types = modelClasses().stream()
                .filter(type -> type.isRecord() || type.isEnum())
                .toList();

        assertTrue(types.contains(StreamRecord.class), "scan found the model package: " + types);
        for (Class<?> type : types) {
            assertTrue(
                    type.isAnnotationPresent(RegisterForReflection.class),
                    type.getName() + " lacks @RegisterForReflection");
        }
    }

    private static List<Class<?>> modelClasses() throws IOException, URISyntaxException {
        String packageName = StreamRecord.class.getPackageName();
        URL directory = StreamRecord.class.getClassLoader().getResource(packageName.replace('.', '/'));
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class"))
                    .<Class<?>>map(
                            name -> load(packageName + "." + name.substring(0, name.length() - ".class".length())))
                    .toList();
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
