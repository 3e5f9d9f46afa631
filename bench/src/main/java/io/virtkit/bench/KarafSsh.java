package io.virtkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Karaf's console reached as an operator reaches it: OpenSSH's {@code ssh} to the distribution's console port, user
 * {@code karaf} by public key (a key pair of the benchmark's, its public half in the distribution's
 * {@code etc/keys.properties}, admin group), one connection per command: Karaf's SSH server ends the connection
 * with the command's session, so OpenSSH's connection sharing ({@code ControlMaster}) cannot carry several.
 */
final class KarafSsh {
    private static final Pattern SSH_PORT = Pattern.compile("(?m)^sshPort *= *(\\d+)");

    private final Path privateKey;
    private final int port;
    private final Path dir;

    private KarafSsh(Path privateKey, int port, Path dir) {
        this.privateKey = privateKey;
        this.port = port;
        this.dir = dir;
    }

    /** A key pair in {@code dir} ({@code ssh-keygen}, RSA: Karaf's SSH server reads it without extra providers). */
    static Path keyPair(Path dir) throws IOException, InterruptedException {
        Path key = dir.resolve("karaf-ssh-key");
        Commands.Result r = Commands.run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C",
                "vkbench", "-f", key.toString()));
        if (r.exit() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + r.output());
        }
        return key;
    }

    /**
     * {@code etc/keys.properties} letting the key in as user karaf (admin group), for {@link
     * KarafDistribution#start(Path, Path, java.util.Map)} to write before the distribution starts.
     */
    static java.util.Map<String, String> keysProperties(Path key) throws IOException {
        String[] pub = Files.readString(key.resolveSibling(key.getFileName() + ".pub")).strip().split(" ");
        return java.util.Map.of("karaf", pub[1] + ",_g_:admingroup",
                "_g_\\:admingroup", "group,admin,manager,viewer,systembundles,ssh");
    }

    /** The console of the distribution in {@code karafHome} (its port from etc/org.apache.karaf.shell.cfg). */
    static KarafSsh open(Path karafHome, Path key, Path dir) throws IOException {
        Matcher m = SSH_PORT.matcher(Files.readString(karafHome.resolve("etc/org.apache.karaf.shell.cfg")));
        if (!m.find()) {
            throw new IllegalStateException("no sshPort in " + karafHome.resolve("etc/org.apache.karaf.shell.cfg"));
        }
        return new KarafSsh(key, Integer.parseInt(m.group(1)), dir);
    }

    int port() {
        return port;
    }

    /** Runs one console command line; its output (stdout and stderr), or an exception when ssh failed. */
    String run(String commandLine) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ssh", "-T", "-p", Integer.toString(port), "-i",
                privateKey.toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o",
                "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "karaf@127.0.0.1", commandLine));
        // ssh's own complaints stay out of the output
        Path errors = dir.resolve("ssh-" + port + "-" + Thread.currentThread().getId() + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(errors.toFile());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Karaf's server drops the connection as the command ends, so ssh may say "Broken pipe" and exit 255 after a
        // complete answer: only no answer at all is a failure
        if (!p.waitFor(60, TimeUnit.SECONDS) || (p.exitValue() == 255 && out.isBlank())) {
            throw new IOException("ssh to the console on port " + port + " failed: " + out.strip() + " "
                    + Files.readString(errors).strip());
        }
        return out;
    }
}
