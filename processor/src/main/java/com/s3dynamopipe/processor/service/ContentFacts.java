package com.s3dynamopipe.processor.service;

/**
 * What one pass over an object's bytes established.
 *
 * @param sizeBytes the number of bytes read
 * @param sha256    lowercase hex SHA-256 of those bytes
 * @param mediaType the media type detected from the content, e.g. {@code image/png}
 */
public record ContentFacts(long sizeBytes, String sha256, String mediaType) {}
