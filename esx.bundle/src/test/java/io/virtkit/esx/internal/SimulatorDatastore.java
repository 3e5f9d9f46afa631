package io.virtkit.esx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * The local directory behind a simulator's datastore {@code LocalDS_0} (vcsim keeps its datastores in
 * directories under its TMPDIR, and mounts them there: the mount path a {@code .vmx} names files by), to put
 * {@code .vmx} files of a test's own there and register them, as an administrator would with the vSphere client.
 */
final class SimulatorDatastore {

    static final String NAME = "LocalDS_0";

    private final VcsimFixture fixture;
    private final Path dir;

    private SimulatorDatastore(VcsimFixture fixture, Path dir) {
        this.fixture = fixture;
        this.dir = dir;
    }

    static SimulatorDatastore of(VcsimFixture fixture) throws IOException {
        try (Stream<Path> dirs = Files.list(fixture.directory())) {
            Path dir = dirs.filter(p -> p.getFileName().toString().matches("govcsim-.*-" + NAME + "-\\d+"))
                    .findFirst().orElseThrow(() -> new IOException("no " + NAME + " in " + fixture.directory()));
            return new SimulatorDatastore(fixture, dir);
        }
    }

    /** The datastore's mount path, as the host reports it and libvirt writes it into a {@code .vmx}. */
    Path mountPath() {
        return dir;
    }

    /** The local file behind the datastore path {@code [LocalDS_0] relative}. */
    Path file(String relative) {
        return dir.resolve(relative);
    }

    /**
     * Writes a sample {@code .vmx} (a test resource, {@code @MOUNT@} standing for the mount path) to
     * {@code relative} and registers it under {@code name}.
     */
    void register(String resource, String relative, String name) throws Exception {
        String vmx;
        try (InputStream in = SimulatorDatastore.class.getResourceAsStream(resource)) {
            vmx = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@MOUNT@", dir.toString());
        }
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, vmx);
        OpenRequest request = new OpenRequest(URI.create(EsxDrivers.uri(fixture, null)), false,
                EsxDrivers.password(fixture), ClientIdentity.UNKNOWN);
        EsxSettings settings = EsxSettings.DEFAULTS.withCaFiles(java.util.List.of(fixture.certificate()));
        try (EsxContext context = EsxContext.open(request, settings, Map.of("HOME", "/nonexistent"))) {
            context.tasks.run(Duration.ofSeconds(60), "RegisterVM_Task", context.refs.vmFolder(),
                    VimNode.leaf("path", "[" + NAME + "] " + relative), VimNode.leaf("name", name),
                    VimNode.leaf("asTemplate", "false"), context.refs.resourcePool().toNode("pool"),
                    context.refs.hostSystem().toNode("host"));
        }
    }
}
