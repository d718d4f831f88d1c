package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a storage fault must look like from outside, whichever part of storage fails: an upload answers the fault's
 * problem JSON, tells nothing of the internals and leaves nothing stored (the object it wrote is deleted again), and
 * reads answer the same problem. Each subclass runs them under one {@link Fault}: its {@code @TestProfile} sets the
 * fault up, its constructor names it.
 */
abstract class StorageFaultTestBase {

    /**
     * One way to break storage, and the problem every request must answer while it is broken.
     *
     * @param setting the configuration key that breaks it
     * @param brokenValue its value; no problem body may show it
     * @param status the HTTP status
     * @param code the problem's {@code code}
     * @param title the problem's {@code title}, the status's reason phrase
     */
    record Fault(String setting, String brokenValue, int status, String code, String title) {}

    /** The table named in the configuration does not exist in dynalite; S3 stays reachable. */
    static final Fault MISSING_TABLE = new Fault(
            "app.storage.table", "files-table-that-does-not-exist", 500, "internal_error", "Internal Server Error");

    /** The DynamoDB client points at a closed port; S3 stays reachable. */
    static final Fault DYNAMODB_UNREACHABLE = new Fault(
            "quarkus.dynamodb.endpoint-override",
            "http://127.0.0.1:1",
            503,
            "storage_unavailable",
            "Service Unavailable");

    /** A test profile that sets a fault's one setting. */
    abstract static class Breaking implements QuarkusTestProfile {
        private final Fault fault;

        Breaking(Fault fault) {
            this.fault = fault;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(fault.setting(), fault.brokenValue());
        }
    }

    /** The profile of {@link #MISSING_TABLE}. */
    public static class MissingTable extends Breaking {
        public MissingTable() {
            super(MISSING_TABLE);
        }
    }

    /** The profile of {@link #DYNAMODB_UNREACHABLE}. */
    public static class DynamoDbUnreachable extends Breaking {
        public DynamoDbUnreachable() {
            super(DYNAMODB_UNREACHABLE);
        }
    }

    private final Fault fault;

    /** @param fault the fault the subclass's {@code @TestProfile} sets up */
    StorageFaultTestBase(Fault fault) {
        this.fault = fault;
    }

    /** @return the fault this class runs under */
    Fault fault() {
        return fault;
    }

    /** @return a view into the emulators with clients of its own: the application's are the broken ones */
    StorageProbe storage() {
        return StorageProbe.fromEnvironment();
    }

    @Test
    void uploadAnswersTheProblemWithoutInternalsAndLeavesNothingStored() {
        String token = ApiTestSupport.freshToken();
        String owner = Tokens.subject(token);

        Response response = ApiTestSupport.upload(token, ApiTestSupport.simpleForm("orphan-candidate.txt"));

        assertIsTheProblem(response);
        response.then().body("status", equalTo(fault().status())).body("type", equalTo("about:blank"));
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner), "the stored object was deleted");
    }

    @Test
    void readsAnswerTheProblemWithoutInternals() {
        String token = ApiTestSupport.freshToken();
        assertIsTheProblem(ApiTestSupport.as(token).get("/files"));
        assertIsTheProblem(ApiTestSupport.as(token).get("/files/0190d3f0-0000-7000-8000-000000000000"));
    }

    void assertIsTheProblem(Response response) {
        response.then()
                .statusCode(fault().status())
                .contentType("application/problem+json")
                .body("code", equalTo(fault().code()))
                .body("title", equalTo(fault().title()));
        String body = response.asString();
        String brokenValue = fault().brokenValue().replaceFirst("^http://", "");
        for (String leak : List.of("Exception", brokenValue, "dynamo", "at com.", "Caused")) {
            assertFalse(body.contains(leak), () -> "problem body leaks \"" + leak + "\": " + body);
        }
    }
}
