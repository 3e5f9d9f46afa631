package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Errors of the storage backends: libvirt's codes in its STORAGE domain. */
final class StorageErrors {
    private StorageErrors() {
    }

    static VirtException error(ErrorCode code, String detail) {
        return new VirtException(code, ErrorDomain.STORAGE, detail);
    }

    /**
     * libvirt's system error: the detail, a colon and the C library's wording of the errno ("failed to
     * remove pool '/p': Directory not empty"); Java's file exceptions carry that wording in their reason.
     */
    static VirtException system(IOException e, String detail) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, detail + ": " + strerror(e), e);
    }

    /** The errno text behind a Java I/O exception. */
    static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
