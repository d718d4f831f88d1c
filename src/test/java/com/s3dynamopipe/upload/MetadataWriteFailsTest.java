package com.s3dynamopipe.upload;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The metadata write fails after the object was stored (the table named in the configuration does not exist in
 * dynalite): the API answers 500 problem JSON without internals and leaves no object behind.
 */
@QuarkusTest
@TestProfile(StorageFaultTestBase.MissingTable.class)
class MetadataWriteFailsTest extends StorageFaultTestBase {

    MetadataWriteFailsTest() {
        super(MISSING_TABLE);
    }
}
