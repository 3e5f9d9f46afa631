package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** The real virsh connected to one URI, run through an {@link ExternalClient} (its home kept in the test's directory). */
final class Virsh {
    static final String BINARY = "/usr/bin/virsh";

    private final ExternalClient client;
    private final String uri;

    Virsh(ExternalClient client, String uri) {
        this.client = client;
        this.uri = uri;
    }

    /** virsh's own options (leading {@code -…}, e.g. {@code -r}) go before {@code -c}'s URI, the command after. */
    ExternalClient.Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BINARY));
        int i = 0;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            cmd.add(args[i]);
        }
        cmd.addAll(List.of("-c", uri));
        cmd.addAll(List.of(args).subList(i, args.length));
        return client.run(cmd);
    }

    /** The output of a command that must succeed. */
    String ok(String... args) throws Exception {
        ExternalClient.Result r = run(args);
        assertThat(r.exit()).as("virsh %s failed: %s", List.of(args), r.err()).isZero();
        return r.out();
    }
}
