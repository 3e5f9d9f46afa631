package io.virtkit.remote.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

import io.virtkit.storage.internal.StorageConfig;

/** The storage driver's configuration for a test: all its directories under {@code base}. */
record StorageDirsConfig(Path base) implements StorageConfig {
    @Override
    public String configDir() {
        return base.resolve("system/config").toString();
    }

    @Override
    public String stateDir() {
        return base.resolve("system/state").toString();
    }

    @Override
    public String sessionConfigDir() {
        return base.resolve("session/config").toString();
    }

    @Override
    public String sessionStateDir() {
        return base.resolve("session/state").toString();
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return StorageConfig.class;
    }
}
