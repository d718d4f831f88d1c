package com.s3dynamopipe.upload.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route table read from the resource classes' annotations: plain JUnit, no Quarkus. */
class RoutesTest {

    @Test
    void eachPathHasTheMethodsOfItsResourceMethods() {
        String id = "0190a4b2-1234-7abc-8def-0123456789ab";
        assertEquals(Optional.of(Set.of("GET")), Routes.allowed("/files"));
        assertEquals(Optional.of(Set.of("DELETE", "GET")), Routes.allowed("/files/" + id));
        assertEquals(Optional.of(Set.of("GET")), Routes.allowed("/files/" + id + "/download"));
        assertEquals(Optional.of(Set.of("POST")), Routes.allowed("/upload"));
        assertEquals(Optional.of(Set.of("POST")), Routes.allowed("/uploads/"));
        assertEquals(Optional.of(Set.of("DELETE", "GET")), Routes.allowed("/uploads/" + id));
        assertEquals(Optional.of(Set.of("POST")), Routes.allowed("/uploads/" + id + "/complete"));
        assertEquals(Optional.empty(), Routes.allowed("/files/" + id + "/other"));
        assertEquals(Optional.empty(), Routes.allowed("/nowhere"));
    }
}
