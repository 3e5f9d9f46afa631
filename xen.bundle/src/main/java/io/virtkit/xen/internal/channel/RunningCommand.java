package io.virtkit.xen.internal.channel;

import java.io.InputStream;
import java.io.OutputStream;

/** A command started on the Xen host and still running: its streams; {@link #close()} stops it. */
public interface RunningCommand extends AutoCloseable {

    InputStream stdout();

    OutputStream stdin();

    /** Whether it still runs. */
    boolean isAlive();

    @Override
    void close();
}
