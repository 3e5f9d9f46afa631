package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The pool-* and vol-* verbs on test:///default, laid out as virsh -c test:///default prints them. */
class StorageCommandsTest {

    static final String POOL_XML = """
            <pool type='dir'>
              <name>p2</name>
              <target><path>/p2</path></target>
            </pool>
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    private <T extends StoragePoolCommand> T onPool(T command, String pool) {
        command.pool = pool;
        return shell.wire(command);
    }

    private <T extends StorageVolumeCommand> T onVol(T command, String vol, String pool) {
        command.vol = vol;
        command.pool = pool;
        return shell.wire(command);
    }

    private PoolListCommand list() {
        return shell.wire(new PoolListCommand());
    }

    private String createVolume(String name, String capacity) throws Exception {
        VolCreateAsCommand create = onPool(new VolCreateAsCommand(), "default-pool");
        create.name = name;
        create.capacity = capacity;
        create.format = "raw";
        return shell.run(create);
    }

    @Test
    void defaultPoolAsVirshShowsIt() throws Exception {
        assertThat(shell.run(list())).isEqualTo("""
                 Name           State    Autostart
                ------------------------------------
                 default-pool   active   no
                """);
        PoolListCommand details = list();
        details.all = true;
        details.details = true;
        assertThat(shell.run(details)).isEqualTo("""
                 Name           State     Autostart   Persistent   Capacity     Allocation   Available
                -----------------------------------------------------------------------------------------
                 default-pool   running   no          yes          100.00 GiB   0.00 B       100.00 GiB
                """);
        PoolListCommand names = list();
        names.nameOnly = true;
        assertThat(shell.run(names)).isEqualTo("default-pool        \n");
        names.uuidOnly = true;
        assertThat(shell.run(names)).isEqualTo("dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566 default-pool        \n");
        names.details = true;
        assertThat(shell.fail(names)).isEqualTo("error: Options --details and --name are mutually exclusive");
        assertThat(shell.run(onPool(new PoolInfoCommand(), "default-pool"))).isEqualTo("""
                Name:           default-pool
                UUID:           dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566
                State:          running
                Persistent:     yes
                Autostart:      no
                Capacity:       100.00 GiB
                Allocation:     0.00 B
                Available:      100.00 GiB
                """);
        assertThat(shell.run(onPool(new PoolInfoCommand(), "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566")))
                .startsWith("Name:           default-pool\n");
        assertThat(shell.run(onPool(new PoolDumpXmlCommand(), "default-pool"))).startsWith("<pool type='dir'>")
                .contains("<name>default-pool</name>").endsWith("</pool>\n");
        assertThat(shell.run(onPool(new VolListCommand(), "default-pool"))).isEqualTo("""
                 Name   Path
                --------------
                """);
    }

    @Test
    void errorsAreVirshsTwoLines() {
        assertThat(shell.fail(onPool(new PoolInfoCommand(), "nope"))).isEqualTo("""
                error: failed to get pool 'nope'
                error: Storage pool not found: no storage pool with matching name 'nope'""");
        assertThat(shell.fail(onPool(new PoolStartCommand(), "default-pool"))).isEqualTo("""
                error: Failed to start pool default-pool
                error: Requested operation is not valid: storage pool 'default-pool' is active""");
        assertThat(shell.fail(onPool(new PoolUndefineCommand(), "default-pool"))).isEqualTo("""
                error: Failed to undefine pool default-pool
                error: Requested operation is not valid: storage pool 'default-pool' is active""");
        assertThat(shell.fail(onPool(new PoolDeleteCommand(), "default-pool"))).isEqualTo("""
                error: Failed to delete pool default-pool
                error: Requested operation is not valid: storage pool 'default-pool' is active""");
        assertThat(shell.fail(onPool(new PoolBuildCommand(), "default-pool"))).isEqualTo("""
                error: Failed to build pool default-pool
                error: Requested operation is not valid: storage pool 'default-pool' is active""");
        assertThat(shell.fail(onVol(new VolInfoCommand(), "nope", "default-pool"))).isEqualTo("""
                error: failed to get vol 'nope'
                error: Storage volume not found: no storage vol with matching path 'nope'""");
        assertThat(shell.fail(onVol(new VolInfoCommand(), "nope", null))).isEqualTo("""
                error: failed to get vol 'nope', specifying --pool might help
                error: Storage volume not found: no storage vol with matching path 'nope'""");
        assertThat(shell.fail(onVol(new VolInfoCommand(), "v", "nope"))).startsWith("error: failed to get pool 'nope'\n");
        PoolListCommand badType = list();
        badType.type = "foo";
        assertThat(shell.fail(badType)).isEqualTo("error: Invalid pool type 'foo'");
    }

    @Test
    void volumesAsVirshShowsThem() throws Exception {
        assertThat(createVolume("v1", "10M")).isEqualTo("Vol v1 created\n");
        assertThat(shell.run(onPool(new VolListCommand(), "default-pool"))).isEqualTo("""
                 Name   Path
                --------------------------
                 v1     /default-pool/v1
                """);
        VolListCommand details = onPool(new VolListCommand(), "default-pool");
        details.details = true;
        assertThat(shell.run(details)).isEqualTo("""
                 Name   Path               Type   Capacity    Allocation
                ----------------------------------------------------------
                 v1     /default-pool/v1   file   10.00 MiB   10.00 MiB
                """);
        assertThat(shell.run(onVol(new VolInfoCommand(), "v1", "default-pool"))).isEqualTo("""
                Name:           v1
                Type:           file
                Capacity:       10.00 MiB
                Allocation:     10.00 MiB
                """);
        assertThat(shell.run(onVol(new VolPathCommand(), "v1", "default-pool"))).isEqualTo("/default-pool/v1\n");
        assertThat(shell.run(onVol(new VolKeyCommand(), "v1", "default-pool"))).isEqualTo("/default-pool/v1\n");
        assertThat(shell.run(onVol(new VolNameCommand(), "/default-pool/v1", null))).isEqualTo("v1\n");
        assertThat(shell.run(onVol(new VolPoolCommand(), "/default-pool/v1", null))).isEqualTo("default-pool\n");
        assertThat(shell.run(onVol(new VolDumpXmlCommand(), "v1", "default-pool"))).startsWith("<volume type='file'>")
                .contains("<name>v1</name>", "<capacity unit='bytes'>10485760</capacity>").endsWith("</volume>\n");
        assertThat(shell.fail(shell.wire(createAs("v1", "1M")))).isEqualTo("""
                error: Failed to create vol v1
                error: operation failed: storage vol already exists""");

        VolCloneCommand clone = onVol(new VolCloneCommand(), "v1", "default-pool");
        clone.newname = "v2";
        assertThat(shell.run(clone)).isEqualTo("Vol v2 cloned from v1\n");
        assertThat(shell.fail(clone)).isEqualTo("""
                error: Failed to clone vol from v1
                error: operation failed: storage vol already exists""");
        assertThat(shell.api().lookupStoragePoolByName("default-pool").lookupVolume("v2").info().capacity())
                .isEqualTo(10L << 20);
        assertThat(shell.run(onVol(new VolDeleteCommand(), "v2", "default-pool"))).isEqualTo("Vol v2 deleted\n");
        assertThat(shell.run(onVol(new VolDeleteCommand(), "/default-pool/v1", null)))
                .isEqualTo("Vol /default-pool/v1 deleted\n");
        assertThat(shell.api().lookupStoragePoolByName("default-pool").listVolumes()).isEmpty();
    }

    private VolCreateAsCommand createAs(String name, String capacity) {
        VolCreateAsCommand create = new VolCreateAsCommand();
        create.pool = "default-pool";
        create.name = name;
        create.capacity = capacity;
        return create;
    }

    @Test
    void volCreateAsBuildsVirshsXml() throws Exception {
        createVolume("b", "1M");
        VolCreateAsCommand create = shell.wire(createAs("v", "10M"));
        create.allocation = "1M";
        create.format = "qcow2";
        create.printXml = true;
        assertThat(shell.run(create)).isEqualTo("""
                <volume>
                  <name>v</name>
                  <capacity>10485760</capacity>
                  <allocation>1048576</allocation>
                  <target>
                    <format type='qcow2'/>
                  </target>
                </volume>
                """);
        VolCreateAsCommand backed = shell.wire(createAs("v", "10M"));
        backed.format = "qcow2";
        backed.backingVol = "b";
        backed.backingVolFormat = "raw";
        backed.printXml = true;
        assertThat(shell.run(backed)).isEqualTo("""
                <volume>
                  <name>v</name>
                  <capacity>10485760</capacity>
                  <target>
                    <format type='qcow2'/>
                  </target>
                  <backingStore>
                    <path>/default-pool/b</path>
                    <format type='raw'/>
                  </backingStore>
                </volume>
                """);
        assertThat(shell.fail(shell.wire(createAs("v", "10X")))).isEqualTo("""
                error: Malformed size 10X
                error: invalid argument: unknown suffix 'X'""");
        assertThat(shell.api().lookupStoragePoolByName("default-pool").listVolumes()).hasSize(1);
    }

    @Test
    void poolDefineAsBuildsVirshsXml() throws Exception {
        PoolDefineAsCommand logical = shell.wire(new PoolDefineAsCommand());
        logical.name = "p";
        logical.type = "logical";
        logical.sourceDev = "/dev/sdb";
        logical.sourceName = "vg";
        logical.target = "/dev/vg";
        logical.printXml = true;
        assertThat(shell.run(logical)).isEqualTo("""
                <pool type='logical'>
                  <name>p</name>
                  <source>
                    <device path='/dev/sdb'/>
                    <name>vg</name>
                  </source>
                  <target>
                    <path>/dev/vg</path>
                  </target>
                </pool>
                """);
        PoolDefineAsCommand fs = shell.wire(new PoolDefineAsCommand());
        fs.name = "p";
        fs.type = "fs";
        fs.sourceDev = "/dev/sdb";
        fs.sourceFormat = "ext4";
        fs.target = "/mnt";
        fs.printXml = true;
        assertThat(shell.run(fs)).contains("""
                    <device path='/dev/sdb'/>
                    <format type='ext4'/>
                  </source>
                """);
        PoolDefineAsCommand bad = shell.wire(new PoolDefineAsCommand());
        bad.name = "p";
        bad.type = "foo";
        assertThat(shell.fail(bad)).isEqualTo("error: Invalid pool type 'foo'");
    }

    @Test
    void poolLifecycleAsVirshReportsIt() throws Exception {
        PoolDefineAsCommand define = shell.wire(new PoolDefineAsCommand());
        define.name = "p2";
        define.type = "dir";
        define.target = "/p2";
        assertThat(shell.run(define)).isEqualTo("Pool p2 defined\n");
        PoolListCommand inactive = list();
        inactive.inactive = true;
        assertThat(shell.run(inactive)).contains(" p2     inactive   no").doesNotContain("default-pool");
        assertThat(shell.run(onPool(new PoolInfoCommand(), "p2"))).contains("State:          inactive\n")
                .doesNotContain("Capacity");
        PoolListCommand details = list();
        details.all = true;
        details.details = true;
        assertThat(shell.run(details)).contains("""
                 p2             inactive   no          yes          -            -            -
                """);
        PoolListCommand both = list();
        both.all = true;
        both.inactive = true;
        assertThat(shell.fail(both)).isEqualTo("error: Options --all and --inactive are mutually exclusive");
        assertThat(shell.fail(onPool(new VolListCommand(), "p2"))).isEqualTo("""
                error: Failed to list volumes
                error: Requested operation is not valid: storage pool is not active""");
        assertThat(shell.run(onPool(new PoolBuildCommand(), "p2"))).isEqualTo("Pool p2 built\n");
        assertThat(shell.run(onPool(new PoolStartCommand(), "p2"))).isEqualTo("Pool p2 started\n");
        assertThat(shell.run(onPool(new PoolAutostartCommand(), "p2"))).isEqualTo("Pool p2 marked as autostarted\n");
        PoolListCommand autostarted = list();
        autostarted.autostart = true;
        assertThat(shell.run(autostarted)).contains(" p2 ").doesNotContain("default-pool");
        PoolAutostartCommand disable = onPool(new PoolAutostartCommand(), "p2");
        disable.disable = true;
        assertThat(shell.run(disable)).isEqualTo("Pool p2 unmarked as autostarted\n");
        assertThat(shell.run(onPool(new PoolRefreshCommand(), "p2"))).isEqualTo("Pool p2 refreshed\n");
        assertThat(shell.run(onPool(new PoolDestroyCommand(), "p2"))).isEqualTo("Pool p2 destroyed\n");
        assertThat(shell.run(onPool(new PoolDeleteCommand(), "p2"))).isEqualTo("Pool p2 deleted\n");
        assertThat(shell.run(onPool(new PoolUndefineCommand(), "p2"))).isEqualTo("Pool p2 has been undefined\n");
        PoolListCommand all = list();
        all.all = true;
        assertThat(shell.run(all)).doesNotContain("p2");
    }

    @Test
    void poolsAndVolumesFromFiles() throws Exception {
        Path poolXml = Files.writeString(dir.resolve("p2.xml"), POOL_XML);
        PoolDefineCommand define = shell.wire(new PoolDefineCommand());
        define.file = poolXml.toString();
        assertThat(shell.run(define)).isEqualTo("Pool p2 defined from " + poolXml + "\n");
        assertThat(shell.run(onPool(new PoolUndefineCommand(), "p2"))).isEqualTo("Pool p2 has been undefined\n");

        PoolCreateCommand create = shell.wire(new PoolCreateCommand());
        create.file = poolXml.toString();
        assertThat(shell.run(create)).isEqualTo("Pool p2 created from " + poolXml + "\n");
        assertThat(shell.api().lookupStoragePoolByName("p2").isPersistent()).isFalse();
        // the driver's reason is its own (libvirt's test driver: "pool has no config file")
        assertThat(shell.fail(onPool(new PoolAutostartCommand(), "p2")))
                .startsWith("error: failed to mark pool p2 as autostarted\nerror: invalid argument: ");

        Path volXml = Files.writeString(dir.resolve("v.xml"),
                "<volume><name>v</name><capacity unit='M'>1</capacity></volume>\n");
        VolCreateCommand volCreate = onPool(new VolCreateCommand(), "p2");
        volCreate.file = volXml.toString();
        assertThat(shell.run(volCreate)).isEqualTo("Vol v created from " + volXml + "\n");
        assertThat(shell.run(onVol(new VolPathCommand(), "v", "p2"))).isEqualTo("/p2/v\n");
        assertThat(shell.run(onPool(new PoolDestroyCommand(), "p2"))).isEqualTo("Pool p2 destroyed\n");

        PoolDefineCommand missing = shell.wire(new PoolDefineCommand());
        missing.file = dir.resolve("none.xml").toString();
        assertThat(shell.fail(missing)).isEqualTo(
                "error: Failed to open file '" + missing.file + "': No such file or directory");
    }

    @Test
    void uploadAndDownloadGoThroughTheVolumeStreams() throws Exception {
        createVolume("v1", "1M");
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Path in = Files.write(dir.resolve("in.bin"), content);
        VolUploadCommand upload = onVol(new VolUploadCommand(), "v1", "default-pool");
        upload.file = in.toString();
        assertThat(shell.run(upload)).isEmpty(); // virsh prints nothing, and no progress outside a terminal

        Path out = dir.resolve("out.bin");
        VolDownloadCommand download = onVol(new VolDownloadCommand(), "v1", "default-pool");
        download.file = out.toString();
        download.length = content.length;
        assertThat(shell.run(download)).isEmpty();
        assertThat(Files.readAllBytes(out)).isEqualTo(content);

        VolDownloadCommand whole = onVol(new VolDownloadCommand(), "v1", "default-pool");
        whole.file = out.toString();
        whole.sparse = true;
        shell.run(whole);
        assertThat(Files.size(out)).isEqualTo(1L << 20);
        byte[] all = Files.readAllBytes(out);
        assertThat(Arrays.copyOf(all, content.length)).isEqualTo(content);
        assertThat(Arrays.copyOfRange(all, content.length, all.length)).containsOnly((byte) 0);

        byte[] sparse = new byte[3 * VolumeStreams.BLOCK];
        sparse[sparse.length - 1] = 42; // two zero blocks go as a hole, then data
        VolUploadCommand holes = onVol(new VolUploadCommand(), "v1", "default-pool");
        holes.file = Files.write(dir.resolve("sparse.bin"), sparse).toString();
        holes.sparse = true;
        shell.run(holes);
        VolDownloadCommand back = onVol(new VolDownloadCommand(), "v1", "default-pool");
        back.file = out.toString();
        back.length = sparse.length;
        shell.run(back);
        assertThat(Files.readAllBytes(out)).isEqualTo(sparse);

        VolDownloadCommand nowhere = onVol(new VolDownloadCommand(), "v1", "default-pool");
        nowhere.file = dir.resolve("none/x").toString();
        assertThat(shell.fail(nowhere)).isEqualTo("error: cannot create " + nowhere.file);

        VolDownloadCommand pastTheEnd = onVol(new VolDownloadCommand(), "v1", "default-pool");
        pastTheEnd.file = dir.resolve("past.bin").toString();
        pastTheEnd.offset = 2L << 20;
        assertThat(shell.fail(pastTheEnd)).startsWith("error: cannot download from volume v1\nerror: ");
        assertThat(dir.resolve("past.bin")).doesNotExist(); // as virsh, a failed download leaves no file it made

        VolUploadCommand unreadable = onVol(new VolUploadCommand(), "v1", "default-pool");
        unreadable.file = dir.resolve("none").toString();
        assertThat(shell.fail(unreadable)).isEqualTo("error: cannot read " + unreadable.file);
    }

    @Test
    void wipeAndResizeReportTheDriversRefusalAsVirshDoes() throws Exception {
        createVolume("v1", "1M");
        String wipe = shell.fail(onVol(new VolWipeCommand(), "v1", "default-pool"));
        assertThat(wipe).startsWith("error: Failed to wipe vol v1\nerror: ");
        VolResizeCommand resize = onVol(new VolResizeCommand(), "v1", "default-pool");
        resize.capacity = "2M";
        assertThat(shell.fail(resize)).startsWith("error: Failed to change size of volume 'v1' to 2M\nerror: ");
        VolResizeCommand negative = onVol(new VolResizeCommand(), "v1", "default-pool");
        negative.capacity = "-1M";
        assertThat(shell.fail(negative)).isEqualTo("error: negative size requires --shrink");
    }

    @Test
    void sizesAsVirshWritesAndReadsThem() throws Exception {
        assertThat(VirshSize.format(0)).isEqualTo("0.00 B");
        assertThat(VirshSize.format(1023)).isEqualTo("1023.00 B");
        assertThat(VirshSize.format(10L << 20)).isEqualTo("10.00 MiB");
        assertThat(VirshSize.format(10_000_000)).isEqualTo("9.54 MiB");
        assertThat(VirshSize.format(100L << 30)).isEqualTo("100.00 GiB");
        assertThat(VirshSize.parse("10")).isEqualTo(10);
        assertThat(VirshSize.parse("10M")).isEqualTo(10L << 20);
        assertThat(VirshSize.parse("10MiB")).isEqualTo(10L << 20);
        assertThat(VirshSize.parse("10MB")).isEqualTo(10_000_000);
        assertThat(VirshSize.parse("2g")).isEqualTo(2L << 30);
        assertThat(VirshSize.parse("5bytes")).isEqualTo(5);
    }

    @Test
    void progressLineRewritesItselfAndEndsTheLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TransferProgress progress = TransferProgress.to(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                "Upload", 200)) {
            progress.update(0);
            progress.update(1); // still 0 %: not printed again
            progress.update(100);
            progress.update(200);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("\rUpload: [  0 %]\rUpload: [ 50 %]\rUpload: [100 %]\n");
        assertThat(TransferProgress.isTerminal(null)).isFalse();
    }

    /** On a terminal the upload shows its progress line; on a dumb one (a pipe, bin/client) nothing. */
    @Test
    void uploadShowsProgressOnATerminalOnly() throws Exception {
        createVolume("v1", "1M");
        Path in = Files.write(dir.resolve("in.bin"), new byte[3 * VolumeStreams.BLOCK]);
        for (String type : List.of("xterm", "dumb")) {
            try (ExternalTerminal terminal = new ExternalTerminal("ssh", type, InputStream.nullInputStream(),
                    OutputStream.nullOutputStream(), StandardCharsets.UTF_8)) {
                VolUploadCommand upload = onVol(new VolUploadCommand(), "v1", "default-pool");
                upload.file = in.toString();
                upload.session = Fakes.of(Session.class,
                        Map.of("get", a -> TerminalMode.JLINE_TERMINAL.equals(a[0]) ? terminal : null));
                String printed = shell.run(upload);
                if (type.equals("xterm")) {
                    assertThat(printed).isEqualTo("\rUpload: [ 33 %]\rUpload: [ 66 %]\rUpload: [100 %]\n");
                } else {
                    assertThat(printed).isEmpty();
                }
            }
        }
    }

    @Test
    void completersOfferPoolsAndThePoolsVolumes() throws Exception {
        createVolume("v1", "1M");
        StoragePoolCompleter pools = shell.wire(new StoragePoolCompleter());
        List<String> candidates = new ArrayList<>();
        assertThat(pools.complete(null, line("virt:pool-info", "d"), candidates)).isGreaterThanOrEqualTo(0);
        assertThat(candidates).extracting(String::trim).containsExactly("default-pool");
        assertThat(pools.poolNames(line("virt:pool-info", "-c", "bogus:///x", ""))).isEmpty();

        StorageVolumeCompleter volumes = shell.wire(new StorageVolumeCompleter());
        assertThat(volumes.volumes(line("virt:vol-info", "--pool", "default-pool", ""))).containsExactly("v1");
        assertThat(volumes.volumes(line("virt:vol-info", "--pool=default-pool", ""))).containsExactly("v1");
        assertThat(volumes.volumes(line("virt:vol-info", ""))).containsExactly("/default-pool/v1");
        assertThat(volumes.volumes(line("virt:vol-info", "--pool", "nope", ""))).isEmpty();
    }

    private static CommandLine line(String... words) {
        return CompletersTest.line(words);
    }
}
