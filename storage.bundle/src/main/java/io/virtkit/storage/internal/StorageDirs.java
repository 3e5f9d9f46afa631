package io.virtkit.storage.internal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The directories of the driver's two sets of pools: the system's ({@code qemu:///system}, {@code lxc:///})
 * and the session's ({@code qemu:///session}, the user's own, as libvirt's session daemon keeps them).
 */
record StorageDirs(Path systemConfig, Path systemState, Path sessionConfig, Path sessionState) {

    /** The directories a configuration names; empty session directories are the XDG ones. */
    static StorageDirs of(StorageConfig config) {
        String home = System.getProperty("user.home");
        Path configHome = env("XDG_CONFIG_HOME").map(Path::of).orElse(Path.of(home, ".config"));
        // without XDG_RUNTIME_DIR libvirt falls back to the cache home
        Path runtimeHome = env("XDG_RUNTIME_DIR").map(Path::of)
                .orElse(env("XDG_CACHE_HOME").map(Path::of).orElse(Path.of(home, ".cache")));
        return new StorageDirs(Path.of(config.configDir()), Path.of(config.stateDir()),
                config.sessionConfigDir().isBlank() ? configHome.resolve("virtkit/storage")
                        : Path.of(config.sessionConfigDir()),
                config.sessionStateDir().isBlank() ? runtimeHome.resolve("virtkit/storage")
                        : Path.of(config.sessionStateDir()));
    }

    /** Every directory under {@code base} (tests). */
    static StorageDirs under(Path base) {
        return new StorageDirs(base.resolve("system/config"), base.resolve("system/state"),
                base.resolve("session/config"), base.resolve("session/state"));
    }

    private static Optional<String> env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
