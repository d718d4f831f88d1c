package com.s3dynamopipe.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.s3dynamopipe.processor.config.NativeRegistrations;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.Test;

/**
 * Native readiness of media type detection, checked on the JVM: a native image holds only the resources that
 * {@code quarkus.native.resources.includes} names, and finds classes by name only when they are registered.
 *
 * <p>The detector and every library under it (Tika, POI, commons-compress) are loaded by a class loader of their
 * own that records each resource looked up through it, and one file of every container family is detected. The
 * test fails when a resource that detection read is not included in the native image, when a service file it
 * read names a class that is not registered for reflection (NativeRegistrations), when detection looks up Tika's
 * own services (this project constructs every detector itself instead), or when a family is no longer detected.
 */
class ContainerDetectionRegistrationTest {

    @Test
    void everyResourceDetectionReadsIsIncludedInTheNativeImage() throws Exception {
        Set<String> read = new TreeSet<>();
        try (RecordingLoader loader = new RecordingLoader()) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                detectEveryFamily(loader);
            } finally {
                thread.setContextClassLoader(previous);
            }
            for (String name : loader.requested) {
                if (!name.endsWith(".class") && loader.findResource(name) != null) {
                    read.add(name);
                }
            }
        }

        assertTrue(read.contains("org/apache/tika/mime/tika-mimetypes.xml"), "the recording saw detection: " + read);
        List<PathMatcher> included = nativeIncludes();
        List<String> missing = read.stream()
                .filter(name -> !QUARKUS_LOGGING_SERVICES.contains(name))
                .filter(name -> included.stream().noneMatch(glob -> glob.matches(Path.of(name))))
                .toList();
        assertEquals(
                List.of(), missing, "read by detection but not in quarkus.native.resources.includes; read: " + read);
        assertEquals(
                List.of(),
                read.stream()
                        .filter(name -> name.startsWith("META-INF/services/org.apache.tika."))
                        .toList(),
                "detection must not depend on Tika's service loading (construct it in ContainerDetection)");
        Set<String> registered = Set.of(NativeRegistrations.class
                .getAnnotation(RegisterForReflection.class)
                .classNames());
        for (String service : read) {
            if (service.startsWith("META-INF/services/") && !QUARKUS_LOGGING_SERVICES.contains(service)) {
                for (String provider : providers(service)) {
                    assertTrue(
                            registered.contains(provider),
                            provider + " (from " + service
                                    + ") is not registered for reflection in NativeRegistrations");
                }
            }
        }
    }

    /**
     * Service files of the logging that every Quarkus application already has in its native image (SLF4J bound to
     * the JBoss LogManager by Quarkus core; tika-core logged through SLF4J before container detection came).
     */
    static final Set<String> QUARKUS_LOGGING_SERVICES = Set.of(
            "META-INF/services/org.slf4j.spi.SLF4JServiceProvider",
            "META-INF/services/org.jboss.logmanager.LogContextInitializer");

    /** @return the provider class names every copy of a service file on the class path lists */
    private static List<String> providers(String service) throws IOException {
        List<String> names = new ArrayList<>();
        Enumeration<URL> files =
                ContainerDetectionRegistrationTest.class.getClassLoader().getResources(service);
        while (files.hasMoreElements()) {
            try (InputStream in = files.nextElement().openStream()) {
                for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    String name = line.replaceAll("#.*", "").trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    /** Detects each family inside the recording loader, through reflection (its classes are not ours). */
    private static void detectEveryFamily(ClassLoader loader) throws Exception {
        Class<?> detection = loader.loadClass("com.s3dynamopipe.processor.service.ContainerDetection");
        Object detector = detection.getMethod("newDetector").invoke(null);
        Class<?> metadata = loader.loadClass("org.apache.tika.metadata.Metadata");
        Class<?> tikaStream = loader.loadClass("org.apache.tika.io.TikaInputStream");
        for (ContainerSamples sample : ContainerSamples.all()) {
            Path file = Files.createTempFile("registration-", ".bin");
            try {
                Files.write(file, sample.bytes());
                try (InputStream stream =
                        (InputStream) tikaStream.getMethod("get", Path.class).invoke(null, file)) {
                    Object type = detector.getClass()
                            .getMethod("detect", InputStream.class, metadata)
                            .invoke(detector, stream, metadata.getConstructor().newInstance());
                    assertEquals(sample.expected(), type.toString(), sample.family());
                }
            } finally {
                Files.delete(file);
            }
        }
    }

    /** The globs of {@code quarkus.native.resources.includes} in the processor's application.properties. */
    private static List<PathMatcher> nativeIncludes() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        List<PathMatcher> globs = new ArrayList<>();
        for (String glob :
                properties.getProperty("quarkus.native.resources.includes", "").split(",")) {
            if (!glob.isBlank()) {
                globs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob.trim()));
            }
        }
        return globs;
    }

    /** Loads the whole test class path itself (parent: the platform loader) and records every resource name asked. */
    static final class RecordingLoader extends URLClassLoader {

        final Set<String> requested = new ConcurrentSkipListSet<>();

        RecordingLoader() throws IOException {
            super("recording", classPath(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classPath() throws IOException {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            return urls.toArray(URL[]::new);
        }

        @Override
        public URL findResource(String name) {
            requested.add(name);
            return super.findResource(name);
        }

        @Override
        public Enumeration<URL> findResources(String name) throws IOException {
            requested.add(name);
            return super.findResources(name);
        }
    }
}
