package io.virtkit.felixtests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Debian's virsh ({@code -q}) run by a test as a {@link ClientProcess}; it must succeed. */
final class Virsh {
    private final Path dir;
    private final Map<String, String> env;

    /** virsh with its HOME in {@code dir} and {@code env} added to its environment. */
    Virsh(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
    }

    /** {@code virsh -q -c uri args…}: its standard output; a failure fails the test with what virsh said. */
    String run(String uri, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/virsh", "-q", "-c", uri));
        cmd.addAll(List.of(args));
        return ClientProcess.run(dir, env, cmd);
    }
}
