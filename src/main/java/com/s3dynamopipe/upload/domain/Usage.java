package com.s3dynamopipe.upload.domain;

import java.util.Map;

/**
 * What an owner's usage item holds (docs/design.md, "Quotas").
 *
 * @param usedBytes    bytes stored plus bytes reserved
 * @param usedFiles    files stored plus files reserved
 * @param reservations the unfinished uploads, by file id
 */
public record Usage(long usedBytes, long usedFiles, Map<String, Reservation> reservations) {}
