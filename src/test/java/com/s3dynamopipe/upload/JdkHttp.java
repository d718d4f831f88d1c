package com.s3dynamopipe.upload;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Requests the tests send with the JDK's own client, where REST Assured would change what is sent. */
final class JdkHttp {

    private JdkHttp() {}

    /**
     * Sends {@code request} and waits for the answer.
     *
     * @throws IllegalStateException when the exchange fails or the thread is interrupted (the flag is set again)
     */
    static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
