package com.s3dynamopipe.upload.domain;

/**
 * How a file is cut into the parts of a multipart upload: every part has {@code partSizeBytes} but the last, which
 * holds the rest.
 *
 * @param sizeBytes     the file's size in bytes
 * @param partSizeBytes size of every part but the last, in bytes
 * @param partCount     number of parts, 1 to the configured maximum
 */
public record PartPlan(long sizeBytes, long partSizeBytes, int partCount) {

    private static final long MIB = 1024L * 1024L;

    /**
     * Plans the parts: the configured part size, or larger (whole MiB) when the file would otherwise need more than
     * {@code maxParts} parts.
     *
     * @param sizeBytes the file's size in bytes, at least 1
     * @param partBytes the configured part size ({@code app.presigned.part-bytes})
     * @param maxParts  the most parts an upload may have ({@code app.presigned.max-parts})
     * @return the plan
     */
    public static PartPlan of(long sizeBytes, long partBytes, int maxParts) {
        long needed = (sizeBytes + maxParts - 1) / maxParts;
        long rounded = (needed + MIB - 1) / MIB * MIB;
        long partSize = Math.max(partBytes, rounded);
        return new PartPlan(sizeBytes, partSize, (int) ((sizeBytes + partSize - 1) / partSize));
    }

    /**
     * @param partNumber 1 to {@link #partCount()}
     * @return the exact byte count of that part
     */
    public long partLength(int partNumber) {
        return partNumber < partCount ? partSizeBytes : sizeBytes - (long) (partCount - 1) * partSizeBytes;
    }
}
