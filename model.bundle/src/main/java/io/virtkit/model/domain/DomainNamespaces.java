package io.virtkit.model.domain;

import java.util.List;
import java.util.Objects;

/**
 * The elements of a driver's own namespace on {@code <domain>}: QEMU's passthrough command line,
 * capability overrides, device property overrides and deprecation behaviour, the LXC shared namespaces, bhyve's
 * and Xen's extra command line and VMware's datacenter path.
 *
 * @param qemuArgs             {@code <qemu:commandline><qemu:arg value>} in order
 * @param qemuEnv              {@code <qemu:commandline><qemu:env>} in order
 * @param qemuCapabilities     {@code <qemu:capabilities>}, or {@code null}
 * @param qemuOverrides        {@code <qemu:override><qemu:device>}s, {@code null} without the element
 * @param qemuDeprecation      {@code <qemu:deprecation behavior>}, or {@code null}
 * @param lxcNamespace         {@code <lxc:namespace>}, or {@code null}
 * @param bhyveArgs            {@code <bhyve:commandline><bhyve:arg value>} in order
 * @param xenArgs              {@code <xen:commandline><xen:arg value>} in order
 * @param vmwareDatacenterPath {@code <vmware:datacenterpath>}, or {@code null}
 */
public record DomainNamespaces(List<String> qemuArgs, List<Env> qemuEnv, QemuCapabilities qemuCapabilities,
        List<QemuDeviceOverride> qemuOverrides, String qemuDeprecation, LxcNamespace lxcNamespace,
        List<String> bhyveArgs, List<String> xenArgs, String vmwareDatacenterPath) {

    public static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";
    public static final String LXC_NS = "http://libvirt.org/schemas/domain/lxc/1.0";
    public static final String BHYVE_NS = "http://libvirt.org/schemas/domain/bhyve/1.0";
    public static final String XEN_NS = "http://libvirt.org/schemas/domain/xen/1.0";
    public static final String VMWARE_NS = "http://libvirt.org/schemas/domain/vmware/1.0";

    /** The values of {@code <qemu:deprecation behavior>}. */
    public static final List<String> DEPRECATION_BEHAVIORS = List.of("none", "omit", "reject", "crash");

    public DomainNamespaces {
        if (qemuDeprecation != null && !DEPRECATION_BEHAVIORS.contains(qemuDeprecation)) {
            throw ValueChecks.xmlError("Invalid qemu:deprecation behavior '" + qemuDeprecation + "'");
        }
        qemuArgs = qemuArgs == null ? List.of() : List.copyOf(qemuArgs);
        qemuEnv = qemuEnv == null ? List.of() : List.copyOf(qemuEnv);
        qemuOverrides = qemuOverrides == null ? null : List.copyOf(qemuOverrides);
        bhyveArgs = bhyveArgs == null ? List.of() : List.copyOf(bhyveArgs);
        xenArgs = xenArgs == null ? List.of() : List.copyOf(xenArgs);
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return equals(new DomainNamespaces(null, null, null, null, null, null, null, null, null));
    }

    /** Whether a {@code <qemu:commandline>} passes arguments or environment through. */
    public boolean hasQemuCommandline() {
        return !qemuArgs.isEmpty() || !qemuEnv.isEmpty();
    }

    /** One {@code <qemu:env name value/>} ({@code value} {@code null} when not given). */
    public record Env(String name, String value) {
        public Env {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code <qemu:capabilities>}: QEMU capability flags added ({@code <qemu:add>}) and removed ({@code <qemu:del>}). */
    public record QemuCapabilities(List<String> add, List<String> del) {
        public QemuCapabilities {
            add = add == null ? List.of() : List.copyOf(add);
            del = del == null ? List.of() : List.copyOf(del);
        }
    }

    /**
     * {@code <qemu:override><qemu:device alias>}: properties set on a device's frontend.
     *
     * @param alias    the device's alias
     * @param frontend the {@code <qemu:frontend>} properties, {@code null} without the element
     */
    public record QemuDeviceOverride(String alias, List<QemuProperty> frontend) {
        public QemuDeviceOverride {
            Objects.requireNonNull(alias, "alias");
            frontend = frontend == null ? null : List.copyOf(frontend);
        }
    }

    /** {@code <qemu:property name type value/>}: {@code type} string, unsigned, signed, bool or remove. */
    public record QemuProperty(String name, String type, String value) {
        public QemuProperty {
            Objects.requireNonNull(name, "name");
            ValueChecks.oneOf(Objects.requireNonNull(type, "type"), List.of("string", "signed", "unsigned", "bool",
                    "remove"), "type", "property");
            if (!type.equals("remove") && value == null) {
                throw ValueChecks.xmlError("missing 'value' attribute for 'qemu:property'");
            }
        }
    }

    /** {@code <lxc:namespace>}: the namespaces a container shares, each {@code null} when not shared. */
    public record LxcNamespace(LxcShare net, LxcShare ipc, LxcShare uts) {
    }

    /** {@code <lxc:sharenet|shareipc|shareuts type value/>}: {@code type} netns, name or pid. */
    public record LxcShare(String type, String value) {
        public LxcShare {
            if (!List.of("netns", "name", "pid").contains(type)) {
                throw ValueChecks.xmlError("Unknown LXC namespace source '" + type + "'");
            }
            Objects.requireNonNull(value, "value");
        }
    }
}
