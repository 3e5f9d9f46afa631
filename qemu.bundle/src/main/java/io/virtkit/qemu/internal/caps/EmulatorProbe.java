package io.virtkit.qemu.internal.caps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * Asks a QEMU binary what it has, as libvirt probes each binary once: QEMU started with no machine
 * ({@code -machine none}), stopped, no devices and no user config, answering on a QMP socket of its own;
 * then {@code query-target}, {@code query-machines}, {@code query-cpu-definitions} (each model's
 * {@code unavailable-features} under the accelerator given), {@code query-cpu-model-expansion} of each model
 * for its vendor, {@code qom-list-types} and {@code query-commands}; then QEMU is ended.
 */
final class EmulatorProbe {

    /** The CPUID vendor strings QEMU reports, as libvirt names the vendors. */
    private static final Map<String, String> VENDORS = Map.of("GenuineIntel", "Intel", "AuthenticAMD", "AMD",
            "HygonGenuine", "Hygon", "CentaurHauls", "VIA", "  Shanghai  ", "Zhaoxin");

    private EmulatorProbe() {
    }

    /**
     * Probes {@code binary} under {@code accel} ("tcg" or "kvm").
     *
     * @throws VirtException INTERNAL_ERROR when the binary does not start as a QEMU or does not answer in time
     */
    static EmulatorFacts probe(String binary, String accel, Duration timeout) {
        Path dir = null;
        Process qemu = null;
        try {
            dir = Files.createTempDirectory("virtkit-qemu-probe");
            Path socket = dir.resolve("qmp.sock");
            Path log = dir.resolve("qemu.log");
            qemu = new ProcessBuilder(List.of(binary, "-S", "-no-user-config", "-nodefaults", "-display", "none",
                    "-machine", "none,accel=" + accel, "-qmp", "unix:" + socket + ",server=on,wait=off"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            qemu.getOutputStream().close();
            long deadline = System.nanoTime() + timeout.toNanos();
            // QEMU creates the socket once it is ready; if it exits first, its output says why
            while (!Files.exists(socket)) {
                if (!qemu.isAlive() || System.nanoTime() > deadline) {
                    throw failed(binary, qemu.isAlive() ? "no QMP socket within " + timeout.toMillis() + " ms"
                            : lastLine(log, "exited with status " + qemu.exitValue()));
                }
                Thread.sleep(5);
            }
            try (QmpClient qmp = QmpClient.connect(socket, timeout, null, null)) {
                EmulatorFacts facts = ask(qmp, binary, accel, timeout);
                quit(qmp, timeout);
                return facts;
            } catch (VirtException e) {
                throw failed(binary, e.getMessage());
            }
        } catch (IOException e) {
            throw failed(binary, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU,
                    "interrupted while probing QEMU binary " + binary);
        } finally {
            stop(qemu);
            deleteQuietly(dir);
        }
    }

    private static EmulatorFacts ask(QmpClient qmp, String binary, String accel, Duration timeout) {
        String arch = qmp.execute("query-target", null, timeout).path("arch").asText();
        List<EmulatorFacts.Machine> machines = new ArrayList<>();
        for (JsonNode m : qmp.execute("query-machines", null, timeout)) {
            if (m.path("name").asText().equals("none")) {
                continue; // the empty machine of the probe itself, which no guest runs (libvirt drops it too)
            }
            machines.add(new EmulatorFacts.Machine(m.path("name").asText(),
                    m.hasNonNull("alias") ? m.get("alias").asText() : null, m.path("is-default").asBoolean(),
                    m.path("cpu-max").asInt(1), m.path("deprecated").asBoolean()));
        }
        List<EmulatorFacts.CpuModel> models = new ArrayList<>();
        for (JsonNode c : qmp.execute("query-cpu-definitions", null, timeout)) {
            String name = c.path("name").asText();
            // "host" and "max" are modes (host-passthrough, maximum), not models: libvirt lists neither
            if (name.equals("host") || name.equals("max") || name.equals("base")) {
                continue;
            }
            JsonNode missing = c.get("unavailable-features");
            models.add(new EmulatorFacts.CpuModel(name, missing != null && missing.isEmpty(),
                    c.path("deprecated").asBoolean(), vendor(qmp, name, timeout)));
        }
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode t : qmp.execute("qom-list-types", null, timeout)) {
            types.add(t.path("name").asText());
        }
        Set<String> commands = new LinkedHashSet<>();
        for (JsonNode c : qmp.execute("query-commands", null, timeout)) {
            commands.add(c.path("name").asText());
        }
        return new EmulatorFacts(binary, arch, qmp.qemuVersion(), accel, machines, models, types, commands);
    }

    /**
     * Has QEMU quit and waits until its monitor reads the end of the socket, so the connection ends from
     * QEMU's side and the close that follows has nothing left to tear down.
     */
    private static void quit(QmpClient qmp, Duration timeout) throws InterruptedException {
        try {
            qmp.execute("quit", null, timeout);
        } catch (VirtException e) {
            // QEMU may close the socket before its reply arrives: it quits either way
        }
        qmp.awaitDisconnected(timeout);
    }

    /** The vendor a model presents, from its full expansion's {@code vendor} property. */
    private static String vendor(QmpClient qmp, String model, Duration timeout) {
        try {
            JsonNode props = qmp.execute("query-cpu-model-expansion",
                    Map.of("type", "full", "model", Map.of("name", model)), timeout).path("model").path("props");
            return VENDORS.getOrDefault(props.path("vendor").asText(""), "unknown");
        } catch (VirtException e) {
            return "unknown"; // a model QEMU cannot expand (not on this target): its vendor is not known
        }
    }

    private static VirtException failed(String binary, String why) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "Failed to probe capabilities for " + binary + ": " + why);
    }

    private static String lastLine(Path log, String otherwise) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .reduce((a, b) -> b).map(l -> l.replaceFirst("^\\S*qemu-system-\\S+: ", "").strip())
                    .map(l -> otherwise + ": " + l).orElse(otherwise);
        } catch (IOException e) {
            return otherwise;
        }
    }

    private static void stop(Process qemu) {
        if (qemu == null) {
            return;
        }
        qemu.destroy();
        try {
            if (!qemu.waitFor(5, TimeUnit.SECONDS)) {
                qemu.destroyForcibly();
                qemu.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            qemu.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover empty probe directory in the temp dir is harmless
        }
    }
}
