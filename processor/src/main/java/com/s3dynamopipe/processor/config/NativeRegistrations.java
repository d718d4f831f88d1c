package com.s3dynamopipe.processor.config;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes the native image must be able to create by name: the Log4j 2 API (through which Apache POI, used by the
 * container detectors, logs) finds its provider and property sources with {@link java.util.ServiceLoader}, reading
 * {@code META-INF/services} files that {@code quarkus.native.resources.includes} adds to the image. The provider
 * routes POI's log lines to the JBoss LogManager, like every other log line of the function.
 * ContainerDetectionRegistrationTest fails when detection reads a service file whose classes are not listed here.
 */
@RegisterForReflection(
        classNames = {
            "org.jboss.logmanager.log4j.JBossProvider",
            "org.apache.logging.log4j.util.EnvironmentPropertySource",
            "org.apache.logging.log4j.util.SystemPropertiesPropertySource"
        })
public final class NativeRegistrations {

    private NativeRegistrations() {}
}
