package com.s3dynamopipe.upload.aws;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 as the SDK signs over TLS, on every endpoint: headers signed, payload {@code UNSIGNED-PAYLOAD}.
 *
 * <p>The SDK's own signer ({@link AwsV4HttpSigner}) signs S3 payloads whenever the endpoint is plain {@code http},
 * whatever {@link AwsV4FamilyHttpSigner#PAYLOAD_SIGNING_ENABLED} says (its {@code ChecksumUtil.isPayloadSigning}):
 * a second SHA-256 of every byte, per 128 KiB chunk with an HMAC, on top of ours. The functions run on {@code https}
 * in AWS, but on {@code http} against the local S3. The bytes' integrity does not need that second hash: every
 * upload carries {@code x-amz-checksum-sha256}, a signed header that S3 checks against the body (400
 * {@code BadDigest}), so a changed body is refused there as over TLS.
 *
 * <p>This signer hands the request to the SDK's signer as if its scheme were {@code https} (SigV4 signs the
 * {@code Host} header, the path, the query and the headers, never the scheme) with payload signing off, then puts the
 * request's own scheme and port back. Over {@code https} it changes nothing. It is the signer of the
 * {@code aws.auth#sigv4} scheme that {@link S3ClientSettings} registers on the S3 client; presigned URLs come from
 * the separate {@code S3Presigner} and are not affected.
 */
final class UnsignedPayloadSigner implements HttpSigner<AwsCredentialsIdentity> {

    private static final String HTTPS = "https";

    private final AwsV4HttpSigner delegate = AwsV4HttpSigner.create();

    /** @return the SigV4 auth scheme (id {@code aws.auth#sigv4}) with this signer */
    static AuthScheme<AwsCredentialsIdentity> scheme() {
        UnsignedPayloadSigner signer = new UnsignedPayloadSigner();
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return AwsV4AuthScheme.SCHEME_ID;
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return providers.identityProvider(AwsCredentialsIdentity.class);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return signer;
            }
        };
    }

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest sent = request.request();
        SignedRequest signed = delegate.sign(request.copy(
                b -> b.request(asOverTls(sent)).putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
        return signed.copy(b -> b.request(withSchemeOf(signed.request(), sent)));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest sent = request.request();
        return delegate.signAsync(request.copy(b ->
                        b.request(asOverTls(sent)).putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)))
                .thenApply(signed -> signed.copy(b -> b.request(withSchemeOf(signed.request(), sent))));
    }

    /**
     * The request with scheme {@code https}; a request on its scheme's standard port moves to 443, so that the
     * {@code Host} header the signer writes (and signs) stays the one the HTTP client sends.
     */
    private static SdkHttpRequest asOverTls(SdkHttpRequest request) {
        boolean standardPort = SdkHttpUtils.isUsingStandardPort(request.protocol(), request.port());
        return request.toBuilder()
                .protocol(HTTPS)
                .port(standardPort ? SdkHttpUtils.standardPort(HTTPS) : request.port())
                .build();
    }

    private static SdkHttpRequest withSchemeOf(SdkHttpRequest signed, SdkHttpRequest sent) {
        return signed.toBuilder().protocol(sent.protocol()).port(sent.port()).build();
    }
}
