package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.qemu.internal.command.QemuCommandLine.TapNic;

/**
 * Network interfaces: user-mode ones on the command line, TAP ones planned for {@code netdev_add}/{@code
 * device_add} over QMP ({@link TapNic}); each with its alias as the device id and {@code host}+alias as its
 * netdev, at its address.
 */
final class QemuNicArgs {

    /** libvirt model names to QEMU device names, for the NICs this emulator has. */
    private static final Map<String, String> NIC_MODELS = Map.of(
            "virtio", "virtio-net-pci", "e1000", "e1000", "e1000e", "e1000e", "rtl8139", "rtl8139",
            "ne2k_pci", "ne2k_pci", "pcnet", "pcnet", "i82559er", "i82559er", "vmxnet3", "vmxnet3");

    private QemuNicArgs() {
    }

    /** Whether {@code nic}'s host side is a TAP handed over by descriptor rather than on the command line. */
    static boolean isTap(InterfaceDevice nic) {
        return nic.type() == InterfaceDevice.Type.NETWORK || nic.type() == InterfaceDevice.Type.BRIDGE
                || nic.type() == InterfaceDevice.Type.ETHERNET;
    }

    static void add(QemuArgv a) {
        taps(a); // the TAP NICs are not on the command line, but what QEMU cannot take is refused here too
        List<InterfaceDevice> nics = a.def.devices().interfaces();
        for (int n = 0; n < nics.size(); n++) {
            if (isTap(nics.get(n))) {
                continue; // added over QMP with a TAP descriptor, see TapNic
            }
            TapNic nic = nic(a, n);
            StringBuilder dev = new StringBuilder(nic.driver()).append(",netdev=").append(nic.netdevId())
                    .append(",id=").append(nic.deviceId()).append(",mac=").append(nic.mac())
                    .append(QemuNicDriverArgs.suffix(nic.iface()));
            if (nic.hostMtu() != null) {
                dev.append(",host_mtu=").append(nic.hostMtu());
            }
            if (nic.bootIndex() != null) {
                dev.append(",bootindex=").append(nic.bootIndex());
            }
            dev.append(a.slots.of(nic.iface().info(), a));
            a.add("-netdev", "user,id=" + nic.netdevId());
            a.add("-device", dev.toString());
        }
    }

    /** The TAP NICs of the command line's definition, in definition order, each at its address. */
    static List<TapNic> taps(QemuArgv a) {
        List<TapNic> out = new ArrayList<>();
        List<InterfaceDevice> nics = a.def.devices().interfaces();
        for (int n = 0; n < nics.size(); n++) {
            if (isTap(nics.get(n))) {
                out.add(nic(a, n));
            }
        }
        return List.copyOf(out);
    }

    /** The QEMU side of interface {@code n}: device, ids, MAC, place, checked against what QEMU can take. */
    static TapNic nic(QemuArgv a, int n) {
        InterfaceDevice nic = a.def.devices().interfaces().get(n);
        String model = nic.model() == null ? QemuCommandLine.DEFAULT_NIC_MODEL : nic.model();
        String device = NIC_MODELS.get(model);
        if (device == null) {
            throw unsupported("interface model '" + model + "' is not supported by the QEMU driver");
        }
        // The codec hands over a canonical MAC; re-checked because it lands inside an option string.
        String mac = DomainXmlCodec.normalizeMac(nic.mac());
        if (nic.mtu() != null && !model.equals("virtio")) {
            throw unsupported("setting MTU is only supported on virtio network interfaces");
        }
        String alias = nic.alias() != null ? QemuArgv.escape(nic.alias()) : "net" + n;
        String bus = null;
        String addr = null;
        if (nic.address() instanceof DeviceAddress.Pci p && !p.isEmpty()) {
            bus = a.pciBus(p.bus());
            addr = "0x" + Integer.toHexString(p.slot());
        }
        return new TapNic(n, nic, "host" + alias, alias, device, mac, model.equals("virtio"), nic.mtu(),
                a.boot.of(nic), bus, addr);
    }
}
