package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.s3dynamopipe.upload.aws.StorageException;
import com.s3dynamopipe.upload.aws.UsageClaims;
import com.s3dynamopipe.upload.aws.UsageTable;
import com.s3dynamopipe.upload.config.AppConfig;
import com.s3dynamopipe.upload.domain.Reservation;
import com.s3dynamopipe.upload.domain.Usage;
import com.s3dynamopipe.upload.dto.CompleteRequest;
import com.s3dynamopipe.upload.dto.UploadRequest;
import com.s3dynamopipe.upload.dto.UploadTicket;
import com.s3dynamopipe.upload.dto.UsageView;
import com.s3dynamopipe.upload.service.FileCommandService;
import com.s3dynamopipe.upload.service.PresignedCompletionService;
import com.s3dynamopipe.upload.service.PresignedUploadService;
import com.s3dynamopipe.upload.service.ProblemException;
import com.s3dynamopipe.upload.service.UploadClaims;
import com.s3dynamopipe.upload.service.UsageLedger;
import com.s3dynamopipe.upload.service.UsageService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Quotas and the claims on an upload under real concurrency: the services are called from many threads at once, so
 * the requests to dynalite and S3Proxy overlap (docs/design.md, "Quotas" and "Races"). Every test works as a fresh
 * owner of its own, so the counters it checks are its own.
 */
@QuarkusTest
class QuotaConcurrencyTest {

    static final int THREADS = 32;
    static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS);

    @Inject
    UsageService usage;

    @Inject
    UploadClaims claims;

    @Inject
    UsageLedger ledger;

    @Inject
    UsageTable usageTable;

    @Inject
    UsageClaims usageClaims;

    @Inject
    PresignedUploadService presigned;

    @Inject
    PresignedCompletionService completions;

    @Inject
    FileCommandService commands;

    @Inject
    DynamoDbClient dynamo;

    @Inject
    AppConfig config;

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    StorageProbe storage() {
        return StorageProbe.ofApplication();
    }

    /** The outcome of one call: its value, or the problem it answered. */
    record Outcome<T>(T value, ProblemException problem) {
        boolean ok() {
            return problem == null;
        }
    }

    /** Runs the calls at the same moment (all threads wait on one latch) and returns every outcome in order. */
    static <T> List<Outcome<T>> together(List<Callable<T>> calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome<T>>> futures = new ArrayList<>();
        for (Callable<T> call : calls) {
            futures.add(POOL.submit(() -> {
                go.await();
                try {
                    return new Outcome<T>(call.call(), null);
                } catch (ProblemException e) {
                    return new Outcome<T>(null, e);
                }
            }));
        }
        go.countDown();
        List<Outcome<T>> outcomes = new ArrayList<>();
        for (Future<Outcome<T>> future : futures) {
            outcomes.add(future.get(120, TimeUnit.SECONDS));
        }
        return outcomes;
    }

    /**
     * Starts a presigned upload, again after a transient storage fault (a {@code 503 storage_unavailable}, which
     * clients retry): S3Proxy was seen to drop a connection under 32 concurrent PutObjects ("Error writing request
     * body to server"). A start that failed so has given its reservation back, so the quota checks stay exact.
     */
    UploadTicket startAsAClientWould(String owner, UploadRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return presigned.start(owner, request);
            } catch (StorageException e) {
                if (!e.transientFault() || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** @return {@code times} calls of {@code action} for each id, to be run {@link #together} */
    static List<Callable<Void>> each(List<String> ids, int times, Consumer<String> action) {
        List<Callable<Void>> calls = new ArrayList<>();
        for (String id : ids) {
            for (int i = 0; i < times; i++) {
                calls.add(() -> {
                    action.accept(id);
                    return null;
                });
            }
        }
        return calls;
    }

    /** Sets a fresh owner's counters (creating the usage item first, as the API does). */
    void seed(String owner, long usedBytes, long usedFiles) {
        ledger.view(owner);
        dynamo.updateItem(b -> b.tableName(Tokens.env("FILES_TABLE"))
                .key(Map.of(
                        "ownerId",
                        AttributeValue.fromS(UsageTable.usageOwnerId(owner)),
                        "fileId",
                        AttributeValue.fromS(UsageTable.FILE_ID)))
                .updateExpression("SET usedBytes = :b, usedFiles = :f")
                .expressionAttributeValues(Map.of(
                        ":b",
                        AttributeValue.fromN(Long.toString(usedBytes)),
                        ":f",
                        AttributeValue.fromN(Long.toString(usedFiles)))));
    }

    static UploadRequest request(String name, long size, String sha256) {
        return new UploadRequest(name, size, "application/octet-stream", sha256, null, null);
    }

    static String owner() {
        return "quota-test-" + UUID.randomUUID();
    }

    // ------------------------------------------------------------------------------------------------- quotas

    @Test
    void parallelReservationsNearTheBytesLimitAcceptExactlyWhatFits() throws Exception {
        String owner = owner();
        long max = config.quota().maxBytes();
        seed(owner, max - 5 * 1000, 0);
        List<Callable<UploadClaims.Claim>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            calls.add(() -> usage.reserveDirect(owner, UUID.randomUUID().toString(), 1000));
        }
        List<Outcome<UploadClaims.Claim>> outcomes = together(calls);

        List<UploadClaims.Claim> granted =
                outcomes.stream().filter(Outcome::ok).map(Outcome::value).toList();
        assertEquals(5, granted.size(), "exactly the reservations that fit");
        for (Outcome<UploadClaims.Claim> refused :
                outcomes.stream().filter(o -> !o.ok()).toList()) {
            assertEquals(409, refused.problem().status());
            assertEquals("quota_exceeded", refused.problem().code());
            assertEquals("bytes", refused.problem().extensions().get("quota"));
            assertEquals(max, refused.problem().extensions().get("limit"));
            assertEquals(max, refused.problem().extensions().get("usage"));
        }
        UsageView full = ledger.view(owner);
        assertEquals(max, full.usage().bytes());
        assertEquals(5, full.usage().files());
        assertEquals(5, full.usage().pendingUploads());

        // Half become files, half fail: the counters keep exactly the stored ones.
        together(granted.stream()
                .<Callable<Void>>map(c -> () -> {
                    if (granted.indexOf(c) % 2 == 0) {
                        claims.commit(c);
                    } else {
                        claims.release(c);
                    }
                    return null;
                })
                .toList());
        UsageView after = ledger.view(owner);
        assertEquals(max - 2000, after.usage().bytes());
        assertEquals(3, after.usage().files());
        assertEquals(0, after.usage().pendingUploads());
    }

    @Test
    void parallelStartsNearTheFilesLimitAcceptExactlyWhatFits() throws Exception {
        String owner = owner();
        seed(owner, 0, config.quota().maxFiles() - 3);
        List<Callable<UploadTicket>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            calls.add(() -> startAsAClientWould(owner, request("f.bin", 10, "a".repeat(64))));
        }
        List<Outcome<UploadTicket>> outcomes = together(calls);
        assertEquals(3, outcomes.stream().filter(Outcome::ok).count());
        assertTrue(outcomes.stream()
                .filter(o -> !o.ok())
                .allMatch(o -> "files".equals(o.problem().extensions().get("quota"))));
        assertEquals(config.quota().maxFiles(), ledger.view(owner).usage().files());
        for (Outcome<UploadTicket> started :
                outcomes.stream().filter(Outcome::ok).toList()) {
            completions.abort(owner, started.value().fileId());
        }
        assertEquals(config.quota().maxFiles() - 3, ledger.view(owner).usage().files());
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
    }

    @Test
    void parallelStartsBeyondTheUnfinishedUploadsLimitThenParallelAbortsLeaveNothing() throws Exception {
        String owner = owner();
        int limit = config.quota().maxPendingUploads();
        List<Callable<UploadTicket>> calls = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            calls.add(() -> startAsAClientWould(owner, request("p.bin", 100, "b".repeat(64))));
        }
        List<Outcome<UploadTicket>> outcomes = together(calls);
        List<UploadTicket> tickets =
                outcomes.stream().filter(Outcome::ok).map(Outcome::value).toList();
        assertEquals(Math.min(limit, THREADS), tickets.size());
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> {
            assertEquals("quota_exceeded", o.problem().code());
            assertEquals("pendingUploads", o.problem().extensions().get("quota"));
            assertEquals((long) limit, ((Number) o.problem().extensions().get("limit")).longValue());
        });
        assertEquals(tickets.size(), ledger.view(owner).usage().pendingUploads());
        assertEquals(100L * tickets.size(), ledger.view(owner).usage().bytes());

        // Each upload aborted twice at once: one abort ends it, the other finds it gone; counted back once.
        List<String> ids = tickets.stream().map(UploadTicket::fileId).toList();
        for (Outcome<Void> o : together(each(ids, 2, id -> completions.abort(owner, id)))) {
            assertTrue(
                    o.ok() || o.problem().status() == 404,
                    () -> "abort answered " + o.problem().code());
        }
        UsageView after = ledger.view(owner);
        assertEquals(0, after.usage().bytes());
        assertEquals(0, after.usage().files());
        assertEquals(0, after.usage().pendingUploads());
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(owner));
    }

    @Test
    void reservationsPastTheirDeadlineOrLeaseAreSettledExactlyOnce() throws Exception {
        String owner = owner();
        ledger.view(owner);
        Instant past = Instant.now().minusSeconds(60);
        // An unfinished upload past its deadline, a claim whose holder ended before writing the item, and one whose
        // holder ended after writing it.
        String expired = UUID.randomUUID().toString();
        String lapsedEmpty = UUID.randomUUID().toString();
        String lapsedStored = UUID.randomUUID().toString();
        assertTrue(usageTable.reserve(
                owner,
                new Reservation(expired, past, 300, Reservation.OPEN, null, null),
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                -1));
        assertTrue(usageTable.reserve(
                owner,
                new Reservation(lapsedEmpty, past, 50, Reservation.COMPLETING, "gone", past),
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                -1));
        assertTrue(usageTable.reserve(
                owner,
                new Reservation(lapsedStored, past, 7, Reservation.COMPLETING, "gone-too", past),
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                -1));
        dynamo.putItem(b -> b.tableName(Tokens.env("FILES_TABLE"))
                .item(Map.of(
                        "ownerId",
                        AttributeValue.fromS(owner),
                        "fileId",
                        AttributeValue.fromS(lapsedStored),
                        "sizeBytes",
                        AttributeValue.fromN("7"),
                        "status",
                        AttributeValue.fromS("PROCESSED"))));
        assertEquals(357, usageTable.find(owner).orElseThrow().usedBytes());

        // Many readers settle at once: each reservation is settled by exactly one of them.
        List<Callable<UsageView>> views = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            views.add(() -> ledger.view(owner));
        }
        together(views);
        Usage after = usageTable.find(owner).orElseThrow();
        assertEquals(7, after.usedBytes(), "only the stored file stays counted");
        assertEquals(1, after.usedFiles());
        assertTrue(after.reservations().isEmpty());
    }

    // -------------------------------------------------------------------------------------------------- races

    /** A started single-PUT upload whose bytes are in S3. */
    record Started(String fileId, byte[] content) {}

    Started startAndPut(String owner, int size) {
        byte[] content = PresignedUploadTestSupport.randomBytes(size, size * 31L + System.nanoTime());
        UploadTicket ticket = presigned.start(owner, request("race.bin", size, UploadApiTest.sha256(content)));
        HttpResponse<String> put =
                PresignedUploadTestSupport.put(ticket.parts().get(0).url(), ticket.headers(), content);
        assertEquals(200, put.statusCode(), put.body());
        return new Started(ticket.fileId(), content);
    }

    @Test
    void completeAgainstAbortEndsInAWholeFileOrNothing() throws Exception {
        String owner = owner();
        long storedBytes = 0;
        int completed = 0;
        for (int trial = 0; trial < 12; trial++) {
            Started upload = startAndPut(owner, 1000 + trial);
            List<Outcome<Object>> outcomes = together(
                    List.of(() -> completions.complete(owner, upload.fileId(), new CompleteRequest(null)), () -> {
                        completions.abort(owner, upload.fileId());
                        return "aborted";
                    }));
            Outcome<Object> complete = outcomes.get(0);
            Outcome<Object> abort = outcomes.get(1);
            String objectKey = "uploads/" + owner + "/" + upload.fileId();
            boolean item = storage().items(owner) > completed;
            if (complete.ok()) {
                completed++;
                storedBytes += upload.content().length;
                assertTrue(((PresignedCompletionService.Completion) complete.value()).created());
                assertFalse(abort.ok(), "both cannot succeed");
                assertEquals(409, abort.problem().status());
                assertTrue(
                        List.of("upload_completing", "already_completed")
                                .contains(abort.problem().code()),
                        abort.problem().code());
                assertTrue(item, "a completed upload has its item");
                assertArrayEquals(upload.content(), storage().object(objectKey), "and its whole object");
            } else {
                assertTrue(abort.ok(), () -> "abort answered " + abort.problem().code());
                assertEquals(
                        404, complete.problem().status(), complete.problem().code());
                assertFalse(item, "an aborted upload has no item");
            }
            assertEquals(completed, storage().items(owner));
            assertEquals(completed, storage().objects(owner), "no object beyond the completed files' objects");
        }
        UsageView after = ledger.view(owner);
        assertEquals(storedBytes, after.usage().bytes());
        assertEquals(completed, after.usage().files());
        assertEquals(0, after.usage().pendingUploads());
    }

    @Test
    void aClaimWhoseHolderEndedLapsesAfterItsLease() {
        String owner = owner();
        Instant now = Instant.now();
        // A completion that ended (timed out) without finishing: its claim's lease ran out a minute ago.
        Started completed = startAndPut(owner, 321);
        assertTrue(usageClaims.claim(owner, completed.fileId(), "ended", now.minusSeconds(120), now.minusSeconds(60)));
        // A second request can complete it now,
        PresignedCompletionService.Completion done =
                completions.complete(owner, completed.fileId(), new CompleteRequest(null));
        assertTrue(done.created());
        assertArrayEquals(completed.content(), storage().object("uploads/" + owner + "/" + completed.fileId()));
        // and another one with a lapsed claim can be aborted.
        Started aborted = startAndPut(owner, 123);
        assertTrue(usageClaims.claim(owner, aborted.fileId(), "ended", now.minusSeconds(120), now.minusSeconds(60)));
        completions.abort(owner, aborted.fileId());
        UsageView after = ledger.view(owner);
        assertEquals(321, after.usage().bytes());
        assertEquals(1, after.usage().files());
        assertEquals(0, after.usage().pendingUploads());
        assertEquals(new StorageProbe.Counts(1, 1), storage().counts(owner));
    }

    @Test
    void concurrentCompletesCreateOneFile() throws Exception {
        String owner = owner();
        for (int trial = 0; trial < 6; trial++) {
            Started upload = startAndPut(owner, 500);
            List<Callable<PresignedCompletionService.Completion>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> completions.complete(owner, upload.fileId(), new CompleteRequest(null)));
            }
            List<Outcome<PresignedCompletionService.Completion>> outcomes = together(calls);
            assertEquals(
                    1,
                    outcomes.stream().filter(o -> o.ok() && o.value().created()).count(),
                    "exactly one completion creates the file");
            for (Outcome<PresignedCompletionService.Completion> o : outcomes) {
                if (!o.ok()) {
                    assertEquals("upload_completing", o.problem().code());
                }
            }
            assertEquals(trial + 1, storage().items(owner));
        }
        UsageView after = ledger.view(owner);
        assertEquals(6 * 500, after.usage().bytes());
        assertEquals(6, after.usage().files());
        assertEquals(0, after.usage().pendingUploads());
    }

    @Test
    void concurrentDeletesOfOneFileCountItOnce() throws Exception {
        String owner = owner();
        List<String> fileIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Started upload = startAndPut(owner, 200);
            completions.complete(owner, upload.fileId(), new CompleteRequest(null));
            fileIds.add(upload.fileId());
        }
        assertEquals(600, ledger.view(owner).usage().bytes());
        for (Outcome<Void> o : together(each(fileIds.subList(0, 2), 4, id -> commands.delete(owner, id)))) {
            assertTrue(
                    o.ok() || o.problem().status() == 404,
                    () -> "delete answered " + o.problem().code());
        }
        UsageView after = ledger.view(owner);
        assertEquals(200, after.usage().bytes());
        assertEquals(1, after.usage().files());
        assertEquals(1, storage().items(owner));
        assertEquals(1, storage().objects(owner));
    }

    // ------------------------------------------------------------------------------------------------- HTTP

    @Test
    void usageRouteAndQuotaProblemOverHttp() {
        String token = Tokens.signWithCognitoLocalKey(Tokens.idClaims(Tokens.newSubject()));
        String owner = Tokens.subject(token);
        UploadApiTest.as(token)
                .get("/usage")
                .then()
                .statusCode(200)
                .body("usage.bytes", equalTo(0))
                .body("usage.files", equalTo(0))
                .body("usage.pendingUploads", equalTo(0))
                .body("usage.pendingBytes", equalTo(0))
                .body("limits.files", equalTo((int) config.quota().maxFiles()))
                .body("limits.pendingUploads", equalTo(config.quota().maxPendingUploads()));

        long max = config.quota().maxBytes();
        seed(owner, max - 4, 0);
        StorageProbe.Counts before = storage().counts(owner);
        UploadApiTest.upload(token, UploadApiTest.simpleForm("five.txt"))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("quota_exceeded"))
                .body("quota", equalTo("bytes"))
                .body("limit", equalTo(max))
                .body("usage", equalTo(max - 4))
                .body("requestedBytes", equalTo(5));
        assertEquals(before, storage().counts(owner), "a refused upload stores nothing");
        UploadApiTest.as(token)
                .get("/usage")
                .then()
                .statusCode(200)
                .body("usage.bytes", equalTo(max - 4))
                .body("usage.files", equalTo(0))
                .body("limits.bytes", equalTo(max));
    }

    @Test
    void aDirectUploadIsCountedAndItsDeleteUncountsIt() {
        String token = Tokens.signWithCognitoLocalKey(Tokens.idClaims(Tokens.newSubject()));
        String owner = Tokens.subject(token);
        String fileId = ApiTestSupport.storedFileId(token, ApiTestSupport.simpleForm("hello.txt"));
        UsageView stored = ledger.view(owner);
        assertEquals(5, stored.usage().bytes());
        assertEquals(1, stored.usage().files());
        assertEquals(0, stored.usage().pendingUploads());
        UploadApiTest.as(token).delete("/files/" + fileId).then().statusCode(204);
        UploadApiTest.as(token).delete("/files/" + fileId).then().statusCode(404);
        UsageView deleted = ledger.view(owner);
        assertEquals(0, deleted.usage().bytes());
        assertEquals(0, deleted.usage().files());
    }
}
