package io.virtkit.api;

import org.osgi.annotation.versioning.ProviderType;

/** Undoes a registration (e.g. of an event listener). Closing it twice is harmless. */
@ProviderType
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
