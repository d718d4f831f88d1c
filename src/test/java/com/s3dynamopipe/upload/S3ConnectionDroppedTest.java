package com.s3dynamopipe.upload;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The app reaches S3 through a TCP proxy this test controls. When S3 drops the pooled keep-alive connection, the
 * url-connection client fails the next PutObject with an {@link UncheckedIOException} ("Unexpected end of file
 * from server") that the SDK does not retry: the S3 adapter retries it, so the upload still succeeds; when every
 * connection is hung up on, the upload answers 503 {@code storage_unavailable} and stores nothing.
 */
@QuarkusTest
@TestProfile(S3ConnectionDroppedTest.ThroughProxy.class)
class S3ConnectionDroppedTest {

    static final DroppingProxy PROXY =
            DroppingProxy.to(URI.create(System.getenv().getOrDefault("S3_ENDPOINT", "http://127.0.0.1:9100")));

    /** Points the app's S3 client at the proxy. */
    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.s3.endpoint-override", "http://127.0.0.1:" + PROXY.port());
        }
    }

    @Inject
    S3Client s3;

    @Inject
    DynamoDbClient dynamo;

    @AfterEach
    void pass() {
        PROXY.hangUp(false);
    }

    StorageProbe storage() {
        return new StorageProbe(s3, dynamo, Tokens.env("UPLOAD_BUCKET"), Tokens.env("FILES_TABLE"));
    }

    @Test
    void uploadAfterS3DroppedThePooledConnectionSucceeds() {
        String token = UploadApiTest.freshToken();
        UploadApiTest.upload(token, UploadApiTest.simpleForm("warm.txt")).then().statusCode(201);
        int before = PROXY.accepted();

        PROXY.dropAll();
        UploadApiTest.upload(token, UploadApiTest.simpleForm("after-drop.txt"))
                .then()
                .statusCode(201)
                .body("fileName", equalTo("after-drop.txt"));

        assertTrue(PROXY.accepted() > before, "a new connection was opened after the drop");
        assertEquals(new StorageProbe.Counts(2, 2), storage().counts(Tokens.subject(token)));
    }

    @Test
    void uploadWhoseConnectionsAreAllHungUpOnIsStorageUnavailable() {
        String token = UploadApiTest.freshToken();
        PROXY.hangUp(true);
        int before = PROXY.accepted();

        UploadApiTest.upload(token, UploadApiTest.simpleForm("hung-up.txt"))
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("code", equalTo("storage_unavailable"));

        assertTrue(PROXY.accepted() - before >= 2, "the PutObject was attempted again on a new connection");
        PROXY.hangUp(false);
        assertEquals(new StorageProbe.Counts(0, 0), storage().counts(Tokens.subject(token)));
    }

    /**
     * A TCP proxy: passes bytes both ways, can drop every open connection, or hang up on new ones after reading
     * their request without answering (what an HTTP client sees as "Unexpected end of file from server").
     */
    static final class DroppingProxy {
        private final ServerSocket server;
        private final String host;
        private final int upstreamPort;
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private final AtomicInteger accepted = new AtomicInteger();
        private volatile boolean hangUp;

        private DroppingProxy(String host, int upstreamPort) throws IOException {
            this.host = host;
            this.upstreamPort = upstreamPort;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::acceptLoop, "s3-dropping-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        static DroppingProxy to(URI upstream) {
            try {
                return new DroppingProxy(upstream.getHost(), upstream.getPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        void hangUp(boolean on) {
            hangUp = on;
        }

        /** Closes every open connection, both sides, as a server dropping its keep-alive connections does. */
        void dropAll() {
            for (Socket socket : open) {
                close(socket);
            }
            open.clear();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    accepted.incrementAndGet();
                    if (hangUp) {
                        daemon(() -> readThenClose(client));
                        continue;
                    }
                    Socket upstream = new Socket(host, upstreamPort);
                    open.add(client);
                    open.add(upstream);
                    daemon(() -> pipe(client, upstream));
                    daemon(() -> pipe(upstream, client));
                } catch (IOException e) {
                    // the next accept tries again
                }
            }
        }

        private static void readThenClose(Socket client) {
            try (client) {
                client.setSoTimeout(300);
                InputStream in = client.getInputStream();
                byte[] buffer = new byte[8192];
                while (in.read(buffer) >= 0) {
                    // drain the request, answer nothing
                }
            } catch (SocketTimeoutException e) {
                // the whole request was read
            } catch (IOException e) {
                // gone already
            }
        }

        private void pipe(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // closed by dropAll or by a peer
            } finally {
                close(from);
                close(to);
                open.remove(from);
                open.remove(to);
            }
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task, "s3-dropping-proxy-pipe");
            thread.setDaemon(true);
            thread.start();
        }

        private static void close(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
