package com.s3dynamopipe.upload.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.s3dynamopipe.upload.aws.StorageException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The log line of a transient storage fault names every cause, so that a 503 can be traced to its kind. */
class CauseChainTest {

    @Test
    void namesEachCauseWithItsMessageOutermostFirst() {
        SdkClientException sdk = SdkClientException.builder()
                .message("Unable to execute HTTP request")
                .cause(new SocketException("Connection reset"))
                .build();

        String chain = ProblemMappers.causeChain(new StorageException("S3 PutObject failed", true, sdk));

        assertEquals("SdkClientException: Unable to execute HTTP request <- SocketException: Connection reset", chain);
    }

    @Test
    void saysSoWhenThereIsNoCause() {
        assertEquals("no cause", ProblemMappers.causeChain(new IllegalStateException("x")));
    }

    @Test
    void cutsLongMessagesAndDeepChains() {
        Throwable deep = new RuntimeException("m".repeat(300));
        for (int i = 0; i < 6; i++) {
            deep = new RuntimeException("level " + i, deep);
        }

        String chain = ProblemMappers.causeChain(new RuntimeException("top", deep));

        assertEquals(4, chain.split(" <- ").length);
        assertEquals("RuntimeException: level 5", chain.split(" <- ")[0]);
    }
}
