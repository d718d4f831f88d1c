package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/**
 * The metadata write fails after the object was stored (the table named in the configuration does not exist in
 * dynalite): the API answers 500 problem JSON without internals and leaves no object behind.
 */
@QuarkusTest
@TestProfile(MetadataWriteFailsTest.MissingTable.class)
class MetadataWriteFailsTest extends StorageFaultTestBase {

    /** A table name dynalite does not know. */
    static final String MISSING_TABLE = "files-table-that-does-not-exist";

    /** Points the app at a table that does not exist; S3 stays reachable. */
    public static class MissingTable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("app.storage.table", MISSING_TABLE);
        }
    }

    @Override
    Fault fault() {
        return new Fault(500, "internal_error", "Internal Server Error", MISSING_TABLE);
    }
}
