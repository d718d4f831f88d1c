package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a storage fault must look like from outside, whichever part of storage fails: an upload answers the fault's
 * problem JSON, tells nothing of the internals and leaves nothing stored (the object it wrote is deleted again), and
 * reads answer the same problem. Each subclass is one {@code @TestProfile} that breaks one part of storage and names
 * the problem it must give.
 */
abstract class StorageFaultTestBase {

    /**
     * The problem every request answers while storage is broken.
     *
     * @param status the HTTP status
     * @param code the problem's {@code code}
     * @param title the problem's {@code title}, the status's reason phrase
     * @param brokenSetting the configured value that breaks storage; no problem body may show it
     */
    record Fault(int status, String code, String title, String brokenSetting) {}

    /** @return the problem this configuration must give */
    abstract Fault fault();

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
        for (String leak : List.of("Exception", fault().brokenSetting(), "dynamo", "at com.", "Caused")) {
            assertFalse(body.contains(leak), () -> "problem body leaks \"" + leak + "\": " + body);
        }
    }
}
