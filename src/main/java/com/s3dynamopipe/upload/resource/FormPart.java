package com.s3dynamopipe.upload.resource;

import com.s3dynamopipe.upload.aws.UploadBytes;
import com.s3dynamopipe.upload.service.PartDisposition;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jboss.resteasy.reactive.common.headers.HeaderUtil;

/**
 * One part {@link MultipartBody} keeps: where its bytes lie in the body array (or, rarely, in a copy of its own),
 * and for a file part their running SHA-256.
 */
final class FormPart {
    final PartDisposition disposition;
    final String contentType;
    MessageDigest digest;
    int start = -1;
    int length;
    ByteArrayOutputStream copy;

    FormPart(PartDisposition disposition, String contentType, MessageDigest digest) {
        this.disposition = disposition;
        this.contentType = contentType;
        this.digest = digest;
    }

    UploadBytes bytes(byte[] body) {
        byte[] sha256 = digest == null ? null : digest.digest();
        if (copy != null) {
            return new UploadBytes(copy.toByteArray(), 0, length, sha256);
        }
        return new UploadBytes(body, Math.max(start, 0), length, sha256);
    }

    String text(byte[] body, Charset defaultCharset) {
        String charset = contentType == null ? null : HeaderUtil.extractQuotedValueFromHeader(contentType, "charset");
        Charset decoding = charset == null ? defaultCharset : charset(charset);
        return copy != null ? copy.toString(decoding) : new String(body, Math.max(start, 0), length, decoding);
    }

    /** @return the named charset, UTF-8 when none is named */
    static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw MultipartBody.malformed("The charset \"" + name + "\" is not supported.");
        }
    }

    /** @return a fresh SHA-256 digest */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
