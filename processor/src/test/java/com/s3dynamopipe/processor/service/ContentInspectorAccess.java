package com.s3dynamopipe.processor.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

/** Lets tests outside this package build a {@link ContentInspector} with their own cap and spool directory. */
public final class ContentInspectorAccess {

    private ContentInspectorAccess() {}

    /**
     * @return what {@link ContentInspector#inspect} finds in {@code bytes}, with the given cap and spool directory
     */
    public static ContentFacts inspect(long spoolMaxBytes, Path spoolDirectory, byte[] bytes, String fileName)
            throws IOException {
        return new ContentInspector(spoolMaxBytes, spoolDirectory).inspect(new ByteArrayInputStream(bytes), fileName);
    }
}
