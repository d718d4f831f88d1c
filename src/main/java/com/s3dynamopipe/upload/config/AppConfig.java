package com.s3dynamopipe.upload.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Typed view of the {@code app.*} keys in {@code application.properties}.
 *
 * <p>Deploy values come from environment variables (see docs/design.md, "Configuration"):
 * {@code UPLOAD_BUCKET}, {@code FILES_TABLE}, {@code MAX_UPLOAD_BYTES}, {@code PRESIGNED_UPLOAD_DEADLINE},
 * {@code COGNITO_CLIENT_ID} and the {@code QUOTA_*} limits. The metrics' {@code app.metrics.*} keys
 * ({@code AWS_EMF_NAMESPACE}) are read by the shared {@code MetricsConfig}.
 */
@ConfigMapping(prefix = "app")
public interface AppConfig {

    /** Where uploads and their metadata live. */
    Storage storage();

    /** Limits of the direct upload path. */
    Upload upload();

    /** Checks applied to a token after its signature, issuer and expiry were verified. */
    Auth auth();

    /** Limits of the presigned path ({@code POST /uploads}) and lifetimes of the URLs it hands out. */
    Presigned presigned();

    /** Per-user limits on what is stored and reserved (docs/design.md, "Quotas"). */
    Quota quota();

    /**
     * Per-user quotas, enforced with conditional updates of the user's usage item (docs/design.md, "Quotas").
     * Deploy values come from the SAM parameters {@code QuotaMaxBytes}, {@code QuotaMaxFiles} and
     * {@code QuotaMaxPendingUploads} through {@code QUOTA_MAX_BYTES}, {@code QUOTA_MAX_FILES} and
     * {@code QUOTA_MAX_PENDING_UPLOADS}.
     */
    interface Quota {
        /** Most bytes one user may have stored and reserved by unfinished uploads (default 10 GiB). */
        @WithName("max-bytes")
        long maxBytes();

        /** Most files one user may have stored and reserved by unfinished uploads (default 10,000). */
        @WithName("max-files")
        long maxFiles();

        /** Most unfinished presigned uploads one user may have at once (default 20; at most 1,000). */
        @WithName("max-pending-uploads")
        int maxPendingUploads();

        /**
         * How long one request may hold an upload's claim (complete, or a direct upload in flight), e.g.
         * {@code PT2M}: well above the function's 29 s timeout, so that a claim older than this belongs to an
         * invocation that has ended, and its reservation can be settled by whoever needs it next.
         */
        java.time.Duration claimLease();
    }

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

    /**
     * The browser-direct path: the bytes go from the browser to S3 with presigned URLs, never through the function.
     */
    interface Presigned {
        /** Largest file accepted by {@code POST /uploads}, in bytes (default 5 GiB = 5368709120). */
        @WithName("max-bytes")
        long maxBytes();

        /** Files up to this size get one presigned PUT, larger ones a multipart upload (default 8 MiB). */
        @WithName("single-put-max-bytes")
        long singlePutMaxBytes();

        /**
         * Smallest part size of a multipart upload, in bytes (default 8 MiB; S3 needs at least 5 MiB for every part
         * but the last). Larger files get larger parts so that they need at most {@link #maxParts()} parts.
         */
        @WithName("part-bytes")
        long partBytes();

        /**
         * Most parts of one multipart upload (100; S3's own limit is 10,000): the part size is
         * {@code max(partBytes, ceil(size / maxParts) rounded up to a whole MiB)}.
         */
        int maxParts();

        /** Most part URLs handed out by one answer ({@code POST /uploads} or {@code POST /uploads/{id}/parts}). */
        int partUrlsPerRequest();

        /** Lifetime of upload URLs (PUT and part PUTs), e.g. {@code PT1H}. */
        java.time.Duration uploadUrlTtl();

        /** Lifetime of download URLs, e.g. {@code PT5M}. */
        java.time.Duration downloadUrlTtl();

        /**
         * How long an unfinished upload may take, from {@code POST /uploads} ({@code PRESIGNED_UPLOAD_DEADLINE}, an
         * ISO-8601 duration, default {@code PT24H}). No URL outlives it; past it the upload answers {@code 410
         * upload_expired}, and the bucket's lifecycle rule on {@code pending/} (Terraform
         * {@code unfinished_upload_days}, which must be at least this long) removes its record and object.
         */
        java.time.Duration uploadDeadline();
    }

    /** Token audience checks. */
    interface Auth {
        /** The Cognito app client id ({@code COGNITO_CLIENT_ID}) that tokens must have been issued to. */
        String clientId();
    }
}
