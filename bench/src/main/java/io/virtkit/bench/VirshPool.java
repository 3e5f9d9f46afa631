package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code dir} pool of one daemon, driven only through the real virsh as a user drives it: defined, built and
 * started with {@code pool-define-as}/{@code pool-build}/{@code pool-start}, volumes made with
 * {@code vol-create-as}, and the timed transfers ({@code vol-upload}, {@code vol-download}, {@code vol-clone}). Each
 * virsh is a process of its own, timed from its start to its exit (connecting is part of it, as for a user), with its
 * CPU time; it must exit 0 with nothing on stderr ({@link TimedCommand}).
 */
final class VirshPool {
    static final String NAME = "vkbench";

    private final String label;
    private final String uri;
    private final Path dir;
    private final Path home;
    private final Optional<String> owner;

    private VirshPool(String label, String uri, Path dir, Path home, Optional<String> owner) {
        this.label = label;
        this.uri = uri;
        this.dir = dir;
        this.home = home;
        this.owner = owner;
    }

    /**
     * Defines, builds and starts the pool {@value #NAME} on {@code dir} through {@code uri}.
     *
     * @param home virsh's HOME (its config and cache stay there)
     * @param owner the user the daemon runs as, when not this one: files put into the pool are given to it
     */
    static VirshPool define(String label, String uri, Path dir, Path home, Optional<String> owner)
            throws IOException, InterruptedException {
        VirshPool pool = new VirshPool(label, uri, dir, home, owner);
        pool.virsh("pool-define-as", NAME, "dir", "--target", dir.toString());
        pool.virsh("pool-build", NAME);
        pool.virsh("pool-start", NAME);
        return pool;
    }

    String label() {
        return label;
    }

    /** The volume's file in the pool's directory. */
    Path file(String volume) {
        return dir.resolve(volume);
    }

    /** A new empty raw volume (allocation 0: a sparse file) of {@code bytes}, an old one of the name deleted first. */
    void freshVolume(String volume, long bytes) throws IOException, InterruptedException {
        if (Files.exists(file(volume))) {
            virsh("vol-delete", "--pool", NAME, volume);
        }
        virsh("vol-create-as", NAME, volume, bytes + "b", "--allocation", "0", "--format", "raw");
    }

    void deleteVolume(String volume) throws IOException, InterruptedException {
        virsh("vol-delete", "--pool", NAME, volume);
    }

    /** Puts {@code image} into the pool as {@code volume} (a copy given to the daemon's user) and refreshes the pool. */
    void copyIn(Path image, String volume) throws IOException, InterruptedException {
        Commands.Result cp = Commands.run(List.of("cp", "--sparse=always", image.toString(), file(volume).toString()));
        if (cp.exit() != 0) {
            throw new IllegalStateException("cp: " + cp.output());
        }
        if (owner.isPresent()) {
            Commands.Result chown = Commands.run(List.of("chown", owner.get() + ":" + owner.get(),
                    file(volume).toString()));
            if (chown.exit() != 0) {
                throw new IllegalStateException("chown: " + chown.output());
            }
        }
        virsh("pool-refresh", NAME);
    }

    /** {@code virsh vol-upload [--sparse]}. */
    TimedCommand.Times upload(String volume, Path from, boolean sparse) throws IOException, InterruptedException {
        return timed(sparse, "vol-upload", "--pool", NAME, volume, from.toString());
    }

    /** {@code virsh vol-download [--sparse]} into a new file. */
    TimedCommand.Times download(String volume, Path to, boolean sparse) throws IOException, InterruptedException {
        Files.deleteIfExists(to);
        return timed(sparse, "vol-download", "--pool", NAME, volume, to.toString());
    }

    /** {@code virsh vol-clone}. */
    TimedCommand.Times cloneVolume(String volume, String clone) throws IOException, InterruptedException {
        return timed(false, "vol-clone", "--pool", NAME, volume, clone);
    }

    private TimedCommand.Times timed(boolean sparse, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        if (sparse) {
            command.add("--sparse");
        }
        return TimedCommand.run(command, home, env());
    }

    private Map<String, String> env() {
        return Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString());
    }

    private void virsh(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        TimedCommand.run(command, home, env());
    }
}
