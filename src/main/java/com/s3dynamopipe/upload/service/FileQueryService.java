package com.s3dynamopipe.upload.service;

import com.s3dynamopipe.upload.aws.FileTable;
import com.s3dynamopipe.upload.domain.FileIds;
import com.s3dynamopipe.upload.domain.FileItem;
import com.s3dynamopipe.upload.dto.FilePage;
import com.s3dynamopipe.upload.dto.FileView;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads the caller's own files: one by id, or a page newest first. Every read is keyed by the caller's owner id,
 * so another owner's file is indistinguishable from a missing one.
 */
@ApplicationScoped
public class FileQueryService {

    private final FileTable files;

    /** @param files DynamoDB adapter */
    public FileQueryService(FileTable files) {
        this.files = files;
    }

    /**
     * @param ownerId the caller's {@code sub}
     * @param fileId  the id from the path, as sent
     * @return the file
     * @throws ProblemException {@code not_found} if the id is not a UUID, is missing, or belongs to someone else
     */
    public FileView get(String ownerId, String fileId) {
        if (!FileIds.isValid(fileId)) {
            throw ProblemException.notFound();
        }
        LogContext.file(fileId);
        return files.find(ownerId, fileId).map(FileView::from).orElseThrow(ProblemException::notFound);
    }

    /**
     * Lists one page of the caller's files, newest first.
     *
     * @param ownerId the caller's {@code sub}
     * @param limit   every {@code limit} query value as sent, {@code null} when absent ({@link PageRequest})
     * @param cursor  every {@code cursor} query value as sent, {@code null} for the first page
     * @return the page; {@code nextCursor} is set only when more files follow
     * @throws ProblemException {@code invalid_limit} or {@code invalid_cursor} (400), also for repeated parameters
     */
    public FilePage list(String ownerId, List<String> limit, List<String> cursor) {
        PageRequest request = PageRequest.of(limit, cursor);
        // One extra item tells whether another page follows, so the last page carries no cursor.
        List<FileItem> items = files.listNewestFirst(ownerId, request.limit() + 1, request.afterId());
        boolean more = items.size() > request.limit();
        List<FileItem> page = more ? items.subList(0, request.limit()) : items;
        String next = more ? PageRequest.cursorAfter(page.get(page.size() - 1).fileId()) : null;
        return new FilePage(page.stream().map(FileView::from).toList(), next);
    }
}
