package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real virsh's managedsave, managedsave-remove, start, dominfo, list --with-managed-save, save and restore against
 * {@link RemoteServer} on the test driver ({@code test+unix:///default?socket=…}). The expected output is what the
 * same virsh prints for libvirt 9.0's own test driver ({@code virsh -c test:///default '<script>'}), written down
 * rather than run: that virsh's managedsave and save wait for their job thread in a way that hangs about every other
 * run against its in-process test driver on a loaded host (seen: 4 of 8 parallel runs of {@code managedsave test}),
 * while through a daemon it does not (24 of 24 under the same load).
 */
class ManagedSaveVirshTest {

    @TempDir
    Path dir;
    private SocketServer server;
    private Virsh virtkit;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        server = SocketServer.start(dir, new TestDriverFactory());
        virtkit = new Virsh(new ExternalClient(dir), server.uri("test:///default"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Lines as virsh prints them for libvirt's test driver, joined with newlines. */
    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private void assertPrints(String script, String out, String err, int exit) throws Exception {
        ExternalClient.Result ours = virtkit.run(script);
        assertThat(ours.out()).as("stdout of %s", script).isEqualTo(out);
        assertThat(ours.err()).as("stderr of %s", script).isEqualTo(err);
        assertThat(ours.exit()).as("exit of %s", script).isEqualTo(exit);
    }

    @Test
    void aManagedSaveStopsTheDomainListsItAsSavedAndBlocksUndefine() throws Exception {
        assertPrints("managedsave test; domstate test --reason; list --all --with-managed-save;"
                + " list --all --without-managed-save; list --all --managed-save; list --all --name --with-managed-save;"
                + " undefine test; start test; domstate test --reason; list --all --with-managed-save",
                lines("", "Domain 'test' state saved by libvirt", "", "shut off (saved)", "",
                        " Id   Name   State", "-----------------------", " -    test   shut off", "",
                        " Id   Name   State", "--------------------", "",
                        " Id   Name   State", "--------------------", " -    test   saved", "",
                        "test", "", "", "Domain 'test' started", "", "running (booted)", "",
                        " Id   Name   State", "--------------------", ""),
                "error: Refusing to undefine while domain managed save image exists\n", 0);
    }

    @Test
    void dominfoSaysWhetherThereIsAnImage() throws Exception {
        assertThat(virtkit.ok("dominfo", "test")).contains("Managed save:   no");
        virtkit.ok("managedsave", "test");
        assertThat(virtkit.ok("dominfo", "test")).contains("State:          shut off")
                .contains("Managed save:   yes");
        virtkit.ok("start", "test");
        assertThat(virtkit.ok("dominfo", "test")).contains("Managed save:   no");
    }

    @Test
    void managedsaveRemoveAndUndefineWithTheImage() throws Exception {
        assertPrints("managedsave test; managedsave-remove test; managedsave-remove test; domstate test --reason;"
                + " start test; managedsave test --running; undefine test --managed-save; list --all --name",
                lines("", "Domain 'test' state saved by libvirt", "", "Removed managedsave image for domain 'test'",
                        "Domain 'test' has no manage save image; removal skipped", "shut off (saved)", "",
                        "Domain 'test' started", "", "", "Domain 'test' state saved by libvirt", "",
                        "Domain 'test' has been undefined", "", ""),
                "", 0);
    }

    @Test
    void startForceBootDropsTheImage() throws Exception {
        // virsh retries without VIR_DOMAIN_START_FORCE_BOOT after removing the image, as with libvirt's test driver
        assertPrints("managedsave test; start test --force-boot; domstate test --reason; list --all --with-managed-save",
                lines("", "Domain 'test' state saved by libvirt", "", "Domain 'test' started", "",
                        "running (booted)", "", " Id   Name   State", "--------------------", ""),
                "", 0);
    }

    @Test
    void bypassingTheCacheIsAccepted() throws Exception {
        assertThat(virtkit.ok("managedsave test --bypass-cache; domstate test --reason"))
                .contains("Domain 'test' state saved by libvirt").contains("shut off (saved)");
    }

    @Test
    void refusalsReadAsLibvirtsTestDriver() throws Exception {
        assertPrints("managedsave test --running --paused", "\n", lines("error: Failed to save domain 'test' state",
                "error: Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive"), 1);
        ExternalClient.Result readOnly = virtkit.run("-r", "managedsave", "test");
        assertThat(readOnly.err()).contains("operation forbidden: read only access prevents virDomainManagedSave");
        assertThat(virtkit.ok("-r", "dominfo", "test")).contains("Managed save:   no");
        assertPrints("managedsave nope", "\n", "error: failed to get domain 'nope'\n", 1);
        assertPrints("managedsave-remove nope", "\n", "error: failed to get domain 'nope'\n", 1);
        assertPrints("destroy test; managedsave test", lines("Domain 'test' destroyed", "", ""),
                lines("error: Failed to save domain 'test' state",
                        "error: Requested operation is not valid: domain is not running"), 1);
    }

    @Test
    void saveAndRestoreThroughAFile() throws Exception {
        Path image = dir.resolve("test.img");
        assertPrints("save test " + image + "; domstate test --reason; list --all; restore " + image
                + "; domstate test --reason; restore " + image,
                lines("", "Domain 'test' saved to " + image, "", "shut off (saved)", "",
                        " Id   Name   State", "-----------------------", " -    test   shut off", "",
                        "Domain restored from " + image, "", "running (restored)", "", ""),
                lines("error: Failed to restore domain from " + image,
                        "error: Requested operation is not valid: domain 'test' is already active"), 1);
        assertThat(Files.readAllBytes(image)).startsWith("TestGuestMagic\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        Path nowhere = dir.resolve("none/x");
        assertPrints("save test " + nowhere, "\n", lines("error: Failed to save domain 'test' to " + nowhere,
                "error: saving domain 'test' to '" + nowhere + "': open failed: No such file or directory"), 1);
        Path missing = dir.resolve("missing");
        assertPrints("restore " + missing, "\n", lines("error: Failed to restore domain from " + missing,
                "error: cannot read domain image '" + missing + "': No such file or directory"), 1);
        // libvirt: "unsupported flags (0x2) in function testDomainSaveFlags"; DriverFlags words every driver's
        // refusal alike, naming the public function
        assertPrints("save test " + image + " --running", "\n", lines("error: Failed to save domain 'test' to " + image,
                "error: invalid argument: unsupported flags (0x2) in function virDomainSaveFlags"), 1);
    }

    /**
     * The procedures with and without flags (SAVE, SAVE_FLAGS, RESTORE, RESTORE_FLAGS, MANAGED_SAVE with flags, the
     * list filters) through Debian's python3-libvirt, which calls them directly (no job thread), compared with
     * libvirt's own test driver.
     */
    @Test
    void pythonBindingSavesAndRestoresAsWithLibvirt() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        ExternalClient.requireInstalled(python);
        Path script = Files.writeString(dir.resolve("saves.py"), """
                import sys, libvirt
                libvirt.registerErrorHandler(lambda ctx, err: None, None)
                conn = libvirt.open(sys.argv[1])
                image = sys.argv[2]
                dom = conn.lookupByName('test')
                def show(what):
                    print(what, dom.state(0), dom.hasManagedSaveImage(0), dom.isActive(),
                          [d.name() for d in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE)],
                          [d.name() for d in conn.listAllDomains(libvirt.VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE)])
                dom.save(image)
                show('saved')
                conn.restore(image)
                show('restored')
                dom.saveFlags(image, None, 0)
                conn.restoreFlags(image, None, 0)
                show('restored-flags')
                dom.managedSave(libvirt.VIR_DOMAIN_SAVE_PAUSED)
                show('managed')
                dom.managedSaveRemove(0)
                show('removed')
                dom.create()
                show('started')
                for call in (lambda: dom.saveFlags(image, '<domain/>', 0), lambda: conn.restoreFlags(image, '<domain/>', 0),
                             lambda: conn.restore(image)):
                    try:
                        call()
                    except libvirt.libvirtError as e:
                        print('error', e.get_error_code(), e.get_error_domain())
                # flags refused: libvirt's test driver reports them from its own domain, Virtkit's checks from theirs
                for call in (lambda: dom.hasManagedSaveImage(1), lambda: dom.managedSaveRemove(2),
                             lambda: conn.restoreFlags(image, None, libvirt.VIR_DOMAIN_SAVE_RUNNING)):
                    try:
                        call()
                    except libvirt.libvirtError as e:
                        print('refused', e.get_error_code())
                """);
        ExternalClient client = new ExternalClient(dir);
        ExternalClient.Result ours = client.run(List.of(python.toString(), script.toString(),
                server.uri("test:///default"), dir.resolve("ours.img").toString()));
        ExternalClient.Result reference = client.run(List.of(python.toString(), script.toString(), "test:///default",
                dir.resolve("theirs.img").toString()));
        assertThat(reference.exit()).as(reference.err()).isZero();
        assertThat(ours.err()).isEmpty();
        assertThat(ours.out()).isEqualTo(reference.out()).contains("managed [5, 5] 1 0 ['test'] []\n");
    }
}
