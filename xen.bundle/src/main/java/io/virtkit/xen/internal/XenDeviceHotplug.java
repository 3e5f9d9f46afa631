package io.virtkit.xen.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.DeviceChanges;
import io.virtkit.xen.internal.XenDeviceEdits.Device;
import io.virtkit.xen.internal.XenDeviceEdits.Disk;
import io.virtkit.xen.internal.XenDeviceEdits.Nic;
import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlFailure;
import io.virtkit.xen.internal.toolstack.XlToolstack;
import io.virtkit.xen.internal.xl.XlDeviceSpecs;

/**
 * {@code virDomainAttachDeviceFlags}/{@code virDomainDetachDeviceFlags} for Xen domains: disks on Xen's bus
 * ({@code xl block-attach}/{@code block-detach}) and interfaces ({@code xl network-attach}/{@code network-detach}).
 * As libvirt orders it: the changed persistent definition is made and checked first, then the live change is made
 * (the live XML in {@link XenHostFiles#LIVE} rewritten to match), then the definition is written — each file replaced
 * atomically on the host, so a refused or failed change leaves both as they were.
 */
final class XenDeviceHotplug {

    private final XlToolstack xl;
    private final XenInventory inventory;
    private final XenDomainXml domainXml;

    XenDeviceHotplug(XlToolstack xl, XenInventory inventory, XenDomainXml domainXml) {
        this.xl = xl;
        this.inventory = inventory;
        this.domainXml = domainXml;
    }

    void attach(DomainRef ref, String xml, long flags) {
        change(ref, xml, DriverFlags.decode(flags, DeviceModifyFlag.class, "virDomainAttachDeviceFlags"), true);
    }

    void detach(DomainRef ref, String xml, long flags) {
        change(ref, xml, DriverFlags.decode(flags, DeviceModifyFlag.class, "virDomainDetachDeviceFlags"), false);
    }

    private void change(DomainRef ref, String xml, Set<DeviceModifyFlag> flags, boolean attach) {
        XenDomain domain = inventory.of(ref);
        if (domain.isDom0()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LIBXL,
                    "Domain-0 does not support requested operation");
        }
        DeviceChanges.Impact impact = DeviceChanges.impact(domain.active(), domain.persistent(), flags);
        Device device = XenDeviceEdits.parse(xml, attach, impact.live());
        DomainDefinition config = null;
        if (impact.config()) {
            DomainDefinition persistent = DomainXmlCodec.parse(domain.definition());
            config = attach ? XenDeviceEdits.plus(persistent, device) : XenDeviceEdits.minus(persistent, device);
            XenDefinitions.parseForXen(DomainXmlCodec.format(config)); // xl must be able to run what is kept
        }
        if (impact.live()) {
            DomainDefinition live = domainXml.liveDefinition(domain);
            DomainDefinition changed = attach ? attachLive(domain, live, device) : detachLive(domain, live, device);
            write(XenHostFiles.live(domain.name()), changed);
        }
        if (config != null) {
            write(XenHostFiles.definition(domain.name()), config);
        }
    }

    private DomainDefinition attachLive(XenDomain domain, DomainDefinition live, Device device) {
        boolean hvm = "hvm".equals(live.os().type());
        String domid = Integer.toString(domain.id());
        if (device instanceof Disk d) {
            DiskDevice disk = d.disk();
            if (disk.device() != DiskDevice.Device.DISK) {
                // a CD-ROM's medium is changed by an update, not an attach
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LIBXL,
                        "disk device type '" + disk.device().xmlName() + "' cannot be hotplugged");
            }
            if (!d.onXenBus(hvm)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LIBXL,
                        "disk bus '" + d.bus(hvm) + "' cannot be hotplugged.");
            }
            if (XenDeviceEdits.diskIndex(live, disk.targetDev()) >= 0) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LIBXL,
                        "target " + disk.targetDev() + " already exists");
            }
            if (disk.source() == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "disk source path is missing");
            }
            xl("block-attach", List.of(domid, XlDeviceSpecs.disk(disk)),
                    "libxenlight failed to attach disk '" + disk.targetDev() + "'");
            return XenDeviceEdits.plus(live, device);
        }
        InterfaceDevice nic = ((Nic) device).device();
        XenDeviceEdits.requireNewMac(live, nic);
        List<String> args = new ArrayList<>(List.of(domid));
        args.addAll(XlDeviceSpecs.vif(nic, hvm));
        xl("network-attach", args, "libxenlight failed to attach network device");
        return XenDeviceEdits.plus(live, device);
    }

    private DomainDefinition detachLive(XenDomain domain, DomainDefinition live, Device device) {
        boolean hvm = "hvm".equals(live.os().type());
        String domid = Integer.toString(domain.id());
        if (device instanceof Disk d) {
            DiskDevice disk = d.disk();
            if (disk.device() != DiskDevice.Device.DISK) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LIBXL,
                        "device type '" + disk.device().xmlName() + "' cannot hot unplugged");
            }
            if (!d.onXenBus(hvm)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LIBXL,
                        "disk bus '" + d.bus(hvm) + "' cannot be hot unplugged.");
            }
            if (XenDeviceEdits.diskIndex(live, disk.targetDev()) < 0) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LIBXL,
                        "disk " + disk.targetDev() + " not found");
            }
            xl("block-detach", List.of(domid, disk.targetDev()),
                    "libxenlight failed to detach disk '" + disk.targetDev() + "'");
            return XenDeviceEdits.minus(live, device);
        }
        InterfaceDevice nic = XenDeviceEdits.nicOf(live, (Nic) device);
        xl("network-detach", List.of(domid, nic.mac()), "libxenlight failed to detach network device");
        return XenDeviceEdits.minus(live, device);
    }

    /** Runs {@code xl VERB ARGS…}; a failure is libvirt's error with xl's message after it. */
    private void xl(String verb, List<String> args, String failure) {
        List<String> words = new ArrayList<>(List.of("xl", verb));
        words.addAll(args);
        CommandResult result = xl.run(ShellQuoting.line(words), new byte[0], xl.timeout());
        if (!result.succeeded()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL,
                    failure + ": " + XlFailure.message(result));
        }
    }

    private void write(String path, DomainDefinition def) {
        xl.checked("writing " + path, XenHostFiles.writeAtomically(path),
                DomainXmlCodec.format(def).getBytes(StandardCharsets.UTF_8), xl.timeout());
    }
}
