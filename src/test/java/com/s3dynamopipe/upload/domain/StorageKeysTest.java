package com.s3dynamopipe.upload.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bucket's key scheme and the form of file ids: plain JUnit, no Quarkus. */
class StorageKeysTest {

    @Test
    void keysFollowTheDesignsScheme() {
        assertEquals("uploads/owner-1/file-1", StorageKeys.file("owner-1", "file-1"));
        assertEquals("pending/owner-1/file-1", StorageKeys.staged("owner-1", "file-1"));
        assertEquals("pending/owner-1/file-1.upload.json", StorageKeys.manifest("owner-1", "file-1"));
    }

    @Test
    void generatedIdsAreDistinctLowercaseVersion7Uuids() {
        FileIds ids = new FileIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = ids.generate();
            assertTrue(FileIds.isValid(id), id);
            assertEquals('7', id.charAt(14), "version 7: " + id);
            assertTrue(seen.add(id));
        }
    }

    @Test
    void onlyLowercaseCanonicalUuidsAreFileIds() {
        assertTrue(FileIds.isValid("019372f0-8c4e-7a3b-9d2e-4f1a2b3c4d5e"));
        assertFalse(FileIds.isValid("019372F0-8C4E-7A3B-9D2E-4F1A2B3C4D5E"));
        assertFalse(FileIds.isValid("019372f08c4e7a3b9d2e4f1a2b3c4d5e"));
        assertFalse(FileIds.isValid("../019372f0-8c4e-7a3b-9d2e-4f1a2b3c4d5e"));
        assertFalse(FileIds.isValid(""));
        assertFalse(FileIds.isValid(null));
        assertNotEquals(StorageKeys.file("o", "f"), StorageKeys.staged("o", "f"));
    }
}
