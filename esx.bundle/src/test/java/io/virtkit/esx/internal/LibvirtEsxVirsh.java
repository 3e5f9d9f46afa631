package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference: Debian's virsh with libvirt's own ESX driver, pointed at a simulator (no_verify=1, its
 * credentials in an auth.conf of the test's own), with a home of its own so nothing of the machine's leaks in.
 */
final class LibvirtEsxVirsh {

    /** What a virsh run printed (standard output, then standard error) and its exit status. */
    record Result(int exit, String out, String err) {
    }

    private final Path home;

    LibvirtEsxVirsh(Path home) {
        this.home = home;
    }

    /** libvirt's URI for the fixture: its host (esx) or the vCenter's standalone host DC0/DC0_H0 (vpx). */
    static String uri(VcsimFixture fixture) {
        String user = fixture.options().user().replace("@", "%40");
        return switch (fixture.options().mode()) {
            case ESX -> "esx://" + user + "@127.0.0.1:" + fixture.port() + "/?no_verify=1";
            case VCENTER -> "vpx://" + user + "@127.0.0.1:" + fixture.port() + "/DC0/DC0_H0?no_verify=1";
        };
    }

    /** virsh with the fixture's credentials; asserts success and returns standard output. */
    String virsh(VcsimFixture fixture, String... args) throws IOException, InterruptedException {
        Result result = run(fixture, fixture.options().password(), args);
        assertThat(result.exit()).as("virsh %s: %s%s", List.of(args), result.out(), result.err()).isZero();
        return result.out();
    }

    /** virsh with {@code password} as the fixture's user's, whatever it exits with. */
    Result run(VcsimFixture fixture, String password, String... args) throws IOException, InterruptedException {
        Path auth = home.resolve("auth-" + Integer.toHexString(password.hashCode()) + ".conf");
        Files.writeString(auth, """
                [credentials-vcsim]
                username=%s
                password=%s

                [auth-esx-127.0.0.1]
                credentials=vcsim

                [auth-vpx-127.0.0.1]
                credentials=vcsim
                """.formatted(fixture.options().user(), password));
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri(fixture)));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(home, "virsh", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
        pb.environment().put("LIBVIRT_AUTH_FILE", auth.toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("LIBVIRT_LOG_OUTPUTS", "1:file:" + home.resolve("libvirt.log"));
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        Process virsh = pb.start();
        virsh.getOutputStream().close();
        byte[] out = virsh.getInputStream().readAllBytes();
        if (!virsh.waitFor(60, TimeUnit.SECONDS)) {
            virsh.destroyForcibly();
            throw new IOException("virsh " + List.of(args) + " timed out");
        }
        String errText = Files.readString(err);
        Files.delete(err);
        return new Result(virsh.exitValue(), new String(out, StandardCharsets.UTF_8), errText);
    }
}
