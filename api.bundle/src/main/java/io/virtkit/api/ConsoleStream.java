package io.virtkit.api;

import java.io.InputStream;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A connection to a guest's console: what the guest writes arrives on {@link #input()}, what is written
 * to {@link #output()} reaches the guest. Closing it detaches; the guest keeps running.
 */
@ProviderType
public interface ConsoleStream extends AutoCloseable {
    InputStream input();

    OutputStream output();

    @Override
    void close();
}
