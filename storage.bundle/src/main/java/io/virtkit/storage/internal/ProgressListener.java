package io.virtkit.storage.internal;

/** Told how far a long volume job (convert, copy, wipe) has come; called from the job's thread. */
@FunctionalInterface
interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void progress(long bytesDone, long bytesTotal);
}
