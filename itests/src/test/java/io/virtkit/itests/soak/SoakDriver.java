package io.virtkit.itests.soak;

import java.nio.file.Path;

/**
 * The drivers a soak client works on, with the objects it defines there: on {@code test:///default} a domain and a
 * network per cycle; on {@code qemu:///system} a disk-less 32 MiB guest (QEMU under TCG sits in its firmware: no
 * file for the QEMU user to reach, little CPU, so a few may run at once on two cores) and no network (a QEMU
 * driver network is a bridge and a dnsmasq per cycle: not what this soak measures).
 */
public enum SoakDriver {
    TEST("test", "<domain type='test'><name>%s</name><memory unit='MiB'>16</memory>"
            + "<os><type arch='x86_64'>hvm</type></os></domain>"),
    QEMU("qemu", "<domain type='qemu'><name>%s</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>"
            + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>");

    private final String kind;
    private final String domainTemplate;

    SoakDriver(String kind, String domainTemplate) {
        this.kind = kind;
        this.domainTemplate = domainTemplate;
    }

    /** The name the python client takes ({@code test} or {@code qemu}). */
    String kind() {
        return kind;
    }

    /** The domain XML with {@code %s} for its name (names are ours: letters, digits and dashes, nothing to escape). */
    String domainTemplate() {
        return domainTemplate;
    }

    String domainXml(String name) {
        return domainTemplate.formatted(name);
    }

    boolean hasNetworks() {
        return this == TEST;
    }

    static String networkXml(String name) {
        return "<network><name>" + name + "</name></network>";
    }

    /** The remote daemon's read-write socket on this driver. */
    String uri(Path socket) {
        return this == TEST ? "test+unix:///default?socket=" + socket : "qemu+unix:///system?socket=" + socket;
    }
}
