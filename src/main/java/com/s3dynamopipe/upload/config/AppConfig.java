package com.s3dynamopipe.upload.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Typed view of the {@code app.*} keys in {@code application.properties}.
 *
 * <p>Deploy values come from environment variables (see docs/design.md, "Configuration"):
 * {@code UPLOAD_BUCKET}, {@code FILES_TABLE}, {@code MAX_UPLOAD_BYTES} and {@code COGNITO_CLIENT_ID}.
 */
@ConfigMapping(prefix = "app")
public interface AppConfig {

    /** Where uploads and their metadata live. */
    Storage storage();

    /** Limits of the direct upload path. */
    Upload upload();

    /** Checks applied to a token after its signature, issuer and expiry were verified. */
    Auth auth();

    /** Storage names. */
    interface Storage {
        /** S3 bucket that receives the objects ({@code UPLOAD_BUCKET}). */
        String bucket();

        /** DynamoDB table of file metadata items ({@code FILES_TABLE}). */
        String table();
    }

    /** Upload limits. */
    interface Upload {
        /** Largest accepted file, in bytes ({@code MAX_UPLOAD_BYTES}, default 4 MiB = 4194304). */
        @WithName("max-bytes")
        long maxBytes();
    }

    /** Token audience checks. */
    interface Auth {
        /** The Cognito app client id ({@code COGNITO_CLIENT_ID}) that tokens must have been issued to. */
        String clientId();
    }
}
