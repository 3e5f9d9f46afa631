package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.toolstack.XlJson;
import io.virtkit.xen.testing.Dom0Ssh;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * domxml-to-native and domxml-from-native proved by the real toolstack: the xl configuration Virtkit writes for a
 * domain XML is what {@code xl -N create} (a dry run printing libxl's JSON) understands the XML to say, and a
 * configuration as users keep in /etc/xen read and written back gives libxl the same domain. The other way, libxl's
 * JSON of a domain someone started ({@code xl create} typed in dom0) gives dumpxml its configuration.
 */
class XenNativeConfigsXlTest {

    private static final String DIR = "/tmp/vk-conv";
    private static final String FOREIGN = "vk-conv-foreign";

    private static XenHostFixture xen;
    private static HypervisorConnection conn;

    @BeforeAll
    static void open() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
        conn = XenDrivers.open(xen);
    }

    @AfterAll
    static void close() throws IOException {
        if (conn != null) {
            conn.close();
        }
        if (xen != null) {
            xen.run("rm -rf " + DIR, Duration.ofSeconds(30));
        }
    }

    @AfterEach
    void destroyTheForeignGuest() throws IOException {
        xen.run("xl destroy " + FOREIGN + " 2>/dev/null; rm -f /tmp/" + FOREIGN + ".cfg", Duration.ofSeconds(60));
    }

    @Test
    void xlUnderstandsTheConfigurationsWrittenForDomainXml() throws IOException {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("pv", conn.domainXmlToNative("xen-xl", ConversionSamples.PV_XML, 0));
        configs.put("pvh", conn.domainXmlToNative("xen-xl", ConversionSamples.PVH_XML, 0));
        configs.put("hvm", conn.domainXmlToNative("xen-xl", ConversionSamples.HVM_XML, 0));
        // xm's text, which xl reads too, where its disks name no driver (xl knows no "qemu:" prefix of xm's)
        configs.put("pv-xm", conn.domainXmlToNative("xen-xm", ConversionSamples.PV_XML.replaceAll(
                "\\s*<driver name='[a-z]+'( type='[a-z0-9]+')?/>", ""), 0));

        Map<String, Object> json = dryRuns(configs);

        Object pv = json.get("pv");
        assertThat(XlJson.string(pv, "c_info", "type")).isEqualTo("pv");
        assertThat(XlJson.string(pv, "c_info", "name")).isEqualTo("vk-conv-pv");
        assertThat(XlJson.string(pv, "c_info", "uuid")).isEqualTo("6a1f0c9e-2b3d-4e5f-8a7b-1c2d3e4f5a61");
        assertThat(XlJson.number(pv, -1, "b_info", "max_memkb")).isEqualTo(256 * 1024L);
        assertThat(XlJson.number(pv, -1, "b_info", "target_memkb")).isEqualTo(128 * 1024L);
        assertThat(XlJson.number(pv, -1, "b_info", "max_vcpus")).isEqualTo(4);
        assertThat(XlJson.path(pv, "b_info", "avail_vcpus")).isEqualTo(List.of(0L, 1L));
        assertThat(XlJson.path(pv, "b_info", "vcpu_hard_affinity")).asList().hasSize(4)
                .allSatisfy(cpus -> assertThat(cpus).isEqualTo(List.of(0L)));
        assertThat(XlJson.string(pv, "b_info", "kernel")).isEqualTo("/var/lib/xen/boot/vmlinuz-vk");
        assertThat(XlJson.string(pv, "b_info", "ramdisk")).isEqualTo("/var/lib/xen/boot/initrd-vk");
        assertThat(XlJson.string(pv, "b_info", "cmdline")).isEqualTo("console=hvc0 root=/dev/xvda ro");
        List<?> disks = (List<?>) XlJson.path(pv, "disks");
        assertThat(disks).hasSize(3);
        assertDisk(disks.get(0), "/srv/vk-conv/root.img", "xvda", "raw", 1, 0, "qdisk");
        assertDisk(disks.get(1), "/dev/vk-conv-data", "xvdb", "raw", 1, 0, "phy");
        assertDisk(disks.get(2), "/srv/vk-conv/base.qcow2", "xvdc", "qcow2", 0, 0, "qdisk");
        List<?> nics = (List<?>) XlJson.path(pv, "nics");
        assertThat(nics).hasSize(2);
        assertNic(nics.get(0), "00:16:3e:4a:5b:01", "xenbr0", null);
        assertNic(nics.get(1), "00:16:3e:4a:5b:02", "xenbr1", null);
        assertThat(XlJson.string(nics.get(1), "ifname")).isEqualTo("vk-conv-back");
        assertThat(action(pv, "on_poweroff")).isEqualTo("destroy");
        assertThat(action(pv, "on_reboot")).isEqualTo("restart");
        assertThat(action(pv, "on_crash")).isEqualTo("preserve");
        Object pvXm = json.get("pv-xm");
        assertThat(withoutDisks(pvXm)).as("xm's text of the same XML").isEqualTo(withoutDisks(pv));
        disks = (List<?>) XlJson.path(pvXm, "disks");
        assertThat(disks).hasSize(3);
        assertThat(disks).extracting(d -> XlJson.string(d, "pdev_path"), d -> XlJson.string(d, "vdev"),
                d -> XlJson.number(d, 0, "readwrite")).containsExactly(tuple("/srv/vk-conv/root.img", "xvda", 1L),
                        tuple("/dev/vk-conv-data", "xvdb", 1L), tuple("/srv/vk-conv/base.qcow2", "xvdc", 0L));

        Object pvh = json.get("pvh");
        assertThat(XlJson.string(pvh, "c_info", "type")).isEqualTo("pvh");
        assertThat(XlJson.number(pvh, -1, "b_info", "max_memkb")).isEqualTo(192 * 1024L);
        assertThat(XlJson.number(pvh, -1, "b_info", "target_memkb")).isEqualTo(192 * 1024L);
        assertThat(XlJson.number(pvh, -1, "b_info", "max_vcpus")).isEqualTo(2);
        assertThat(XlJson.path(pvh, "b_info", "avail_vcpus")).isEqualTo(List.of(0L, 1L));
        assertThat(XlJson.string(pvh, "b_info", "kernel")).isEqualTo("/var/lib/xen/boot/vmlinuz-vk");
        assertThat(XlJson.string(pvh, "b_info", "cmdline")).isEqualTo("console=hvc0");
        assertThat(action(pvh, "on_poweroff")).isEqualTo("preserve");
        assertThat(action(pvh, "on_reboot")).isEqualTo("destroy");
        assertThat(action(pvh, "on_crash")).isEqualTo("coredump_destroy");

        Object hvm = json.get("hvm");
        assertThat(XlJson.string(hvm, "c_info", "type")).isEqualTo("hvm");
        assertThat(XlJson.number(hvm, -1, "b_info", "max_memkb")).isEqualTo(512 * 1024L);
        assertThat(XlJson.number(hvm, -1, "b_info", "max_vcpus")).isEqualTo(2);
        assertThat(XlJson.string(hvm, "b_info", "type.hvm", "boot")).isEqualTo("dc");
        assertThat(XlJson.string(hvm, "b_info", "type.hvm", "vnc", "enable")).isEqualTo("True");
        assertThat(XlJson.string(hvm, "b_info", "type.hvm", "vnc", "listen")).isEqualTo("127.0.0.1");
        assertThat(XlJson.number(hvm, -1, "b_info", "type.hvm", "vnc", "display")).isEqualTo(3);
        assertThat(XlJson.string(hvm, "b_info", "type.hvm", "serial")).isEqualTo("pty");
        disks = (List<?>) XlJson.path(hvm, "disks");
        assertThat(disks).hasSize(2);
        assertDisk(disks.get(0), "/srv/vk-conv/desk.qcow2", "hda", "qcow2", 1, 0, "qdisk");
        assertDisk(disks.get(1), "/srv/vk-conv/install.iso", "hdc", "raw", 0, 1, "qdisk");
        nics = (List<?>) XlJson.path(hvm, "nics");
        assertThat(nics).hasSize(1);
        assertNic(nics.get(0), "00:16:3e:4a:5b:03", "xenbr0", "e1000");
        assertThat(action(hvm, "on_reboot")).isEqualTo("restart");
        assertThat(action(hvm, "on_crash")).isEqualTo("destroy");
    }

    @Test
    void configurationsAsUsersWriteThemComeBackAsTheSameDomain() throws IOException {
        Map<String, String> configs = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : ConversionSamples.HAND_WRITTEN.entrySet()) {
            configs.put(c.getKey(), c.getValue());
            String xml = conn.domainXmlFromNative("xen-xl", c.getValue(), 0);
            configs.put(c.getKey() + "-back", conn.domainXmlToNative("xen-xl", xml, 0));
        }

        Map<String, Object> json = dryRuns(configs);

        for (String name : ConversionSamples.HAND_WRITTEN.keySet()) {
            Map<String, Object> original = flatten(json.get(name));
            assertThat(withoutSpelledOutDefaults(flatten(json.get(name + "-back")), original))
                    .as(name + " read and written back:\n" + configs.get(name + "-back")).isEqualTo(original);
            // a domain someone started from it: libxl's JSON read back gives the definition of its configuration
            assertThat(DomainXmlCodec.format(LibxlJsonDomain.definition(json.get(name)))).as(name + " from libxl's JSON")
                    .isEqualTo(conn.domainXmlFromNative("xen-xl", configs.get(name), 0));
        }
    }

    /** Where libvirt's writer spells out what a user's text leaves to libxl, and the value it writes. */
    private static final Map<String, Object> SPELLED_OUT = Map.of("/b_info/localtime", "False", "/b_info/acpi",
            "True", "/b_info/apic", "True", "/b_info/type.hvm/pae", "True", "/b_info/type.hvm/viridian", "False",
            "/b_info/type.hvm/sdl/enable", "False", "/nics[]/script", "vif-bridge", "/disks[]/backend", "qdisk");

    /**
     * The JSON of a configuration libvirt wrote, less the values its writer spells out (libxl's defaults:
     * {@code localtime = 0}, {@code acpi = 1}, {@code pae = 1}, no SDL, a bridge's {@code script=vif-bridge}; a
     * qemu-driver disk's {@code backendtype=qdisk}) where the user's text has no value.
     */
    private static Map<String, Object> withoutSpelledOutDefaults(Map<String, Object> back, Map<String, Object> user) {
        Map<String, Object> kept = new TreeMap<>(back);
        kept.entrySet().removeIf(e -> !user.containsKey(e.getKey())
                && e.getValue().equals(SPELLED_OUT.get(e.getKey().replaceAll("\\[\\d+]", "[]"))));
        return kept;
    }

    @Test
    void aGuestCreatedByHandShowsWhatItsConfigurationSays() throws IOException {
        String dir = XenHostFixture.guestDirectory();
        xen.runChecked("cat > /tmp/" + FOREIGN + ".cfg <<'EOF'\n"
                + "name = \"" + FOREIGN + "\"\n"
                + "memory = 128\nmaxmem = 160\nvcpus = 1\nmaxvcpus = 2\n"
                + "kernel = \"" + XenHostFixture.guestKernel() + "\"\nramdisk = \"" + dir + "/initrd\"\n"
                + "extra = \"console=hvc0 loglevel=4\"\n"
                + "on_poweroff = \"preserve\"\non_reboot = \"destroy\"\non_crash = \"coredump-destroy\"\n"
                + "EOF\nxl create -p /tmp/" + FOREIGN + ".cfg");

        DomainRef domain = conn.lookupDomainByName(FOREIGN);
        String xml = conn.domainXml(domain, 0);

        assertThat(xml).startsWith("<domain type='xen' id='" + domain.id() + "'>").contains(
                "<name>" + FOREIGN + "</name>", "<uuid>" + domain.uuid() + "</uuid>",
                "<memory unit='KiB'>163840</memory>", "<currentMemory unit='KiB'>131072</currentMemory>",
                "<vcpu placement='static' current='1'>2</vcpu>", "<type arch='x86_64' machine='xenpv'>xen</type>",
                "<kernel>" + XenHostFixture.guestKernel() + "</kernel>", "<initrd>" + dir + "/initrd</initrd>",
                "<cmdline>console=hvc0 loglevel=4</cmdline>", "<on_poweroff>preserve</on_poweroff>",
                "<on_reboot>destroy</on_reboot>", "<on_crash>coredump-destroy</on_crash>");
        assertThat(conn.domainOsType(domain)).isEqualTo("xen");
    }

    @Test
    void theConversionsTakeNoFlags() {
        assertThatThrownBy(() -> conn.domainXmlToNative("xen-xl", ConversionSamples.PVH_XML, 1))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG))
                .hasMessageEndingWith("unsupported flags (0x1) in function virConnectDomainXMLToNative");
        assertThatThrownBy(() -> conn.domainXmlFromNative("xen-xl", "name = \"x\"\n", 2))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG))
                .hasMessageEndingWith("unsupported flags (0x2) in function virConnectDomainXMLFromNative");
    }

    @Test
    void domainZeroHasXmlToo() {
        DomainRef dom0 = conn.lookupDomainById(0);

        assertThat(conn.domainXml(dom0, 0)).startsWith("<domain type='xen' id='0'>").contains("<name>Domain-0</name>");
    }

    private static void assertDisk(Object disk, String path, String vdev, String format, int readwrite, int cdrom,
            String backend) {
        assertThat(XlJson.string(disk, "pdev_path")).as("pdev_path of %s", disk).isEqualTo(path);
        assertThat(XlJson.string(disk, "vdev")).as("vdev of %s", disk).isEqualTo(vdev);
        assertThat(XlJson.string(disk, "format")).as("format of %s", disk).isEqualTo(format);
        assertThat(XlJson.number(disk, 0, "readwrite")).as("readwrite of %s", disk).isEqualTo(readwrite);
        assertThat(XlJson.number(disk, 0, "is_cdrom")).as("is_cdrom of %s", disk).isEqualTo(cdrom);
        assertThat(XlJson.string(disk, "backend")).as("backend of %s", disk).isEqualTo(backend);
    }

    private static void assertNic(Object nic, String mac, String bridge, String model) {
        assertThat(XlJson.string(nic, "mac")).as("mac of %s", nic).isEqualTo(mac);
        assertThat(XlJson.string(nic, "bridge")).as("bridge of %s", nic).isEqualTo(bridge);
        assertThat(XlJson.string(nic, "model")).as("model of %s", nic).isEqualTo(model);
    }

    /**
     * {@code xl -N create} of each configuration, all in one round trip to dom0: libxl's JSON of each. A config xl
     * refuses fails the test with xl's words.
     */
    static Map<String, Object> dryRuns(Map<String, String> configs) throws IOException {
        StringBuilder script = new StringBuilder("rm -rf " + DIR + " && mkdir -p " + DIR + " && cd " + DIR + " || exit 1\n");
        for (Map.Entry<String, String> c : configs.entrySet()) {
            script.append("cat > ").append(c.getKey()).append(".cfg <<'VK_CONV_EOF'\n").append(c.getValue())
                    .append(c.getValue().endsWith("\n") ? "" : "\n").append("VK_CONV_EOF\n");
        }
        script.append("for n in ").append(String.join(" ", configs.keySet())).append("; do echo \"@@@ $n\"; ")
                .append("xl -N create $n.cfg 2>$n.err || { echo \"!!! xl failed\"; cat $n.err; }; done\n");
        Dom0Ssh.Result result = xen.run(script.toString(), Duration.ofMinutes(2));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Files.writeString(Path.of("target", "xl-dry-runs-" + String.join("-", configs.keySet()) + ".txt"),
                script + "\n----\n" + result.stdout()); // for a failure's reader
        Map<String, Object> json = new LinkedHashMap<>();
        String[] parts = result.stdout().split("(?m)^@@@ ");
        for (String part : parts) {
            if (part.isBlank()) {
                continue;
            }
            int nl = part.indexOf('\n');
            String name = part.substring(0, nl);
            String body = part.substring(nl + 1);
            assertThat(body).as("xl -N create of " + name + ":\n" + configs.get(name)).doesNotContain("!!! xl failed");
            json.put(name, XlJson.parse(body.strip()));
        }
        assertThat(json).containsOnlyKeys(configs.keySet());
        return json;
    }

    /** A lifecycle action in libxl's JSON, which leaves out its default value, destroy. */
    private static String action(Object json, String event) {
        String action = XlJson.string(json, event);
        return action == null ? "destroy" : action;
    }

    private static Map<String, Object> withoutDisks(Object json) {
        Map<String, Object> flat = flatten(json);
        flat.keySet().removeIf(k -> k.startsWith("/disks"));
        return flat;
    }

    /** A JSON value as path → leaf, so a difference names its place. */
    static Map<String, Object> flatten(Object json) {
        Map<String, Object> flat = new TreeMap<>();
        flatten("", json, flat);
        return flat;
    }

    private static void flatten(String path, Object json, Map<String, Object> flat) {
        if (json instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(path + "/" + k, v, flat));
        } else if (json instanceof List<?> list && !list.isEmpty() && !(list.get(0) instanceof Number)) {
            for (int i = 0; i < list.size(); i++) {
                flatten(path + "[" + i + "]", list.get(i), flat);
            }
        } else {
            flat.put(path, json);
        }
    }
}
