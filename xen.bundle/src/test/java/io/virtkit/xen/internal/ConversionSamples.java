package io.virtkit.xen.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Domain XML and xl configurations for the conversion tests (written for these tests; nothing is started). */
final class ConversionSamples {
    private ConversionSamples() {
    }

    /** PV, direct kernel boot, memory below its maximum, 2 of 4 vCPUs pinned, file/block/qcow2 disks, two NICs. */
    static final String PV_XML = """
            <domain type='xen'>
              <name>vk-conv-pv</name>
              <uuid>6a1f0c9e-2b3d-4e5f-8a7b-1c2d3e4f5a61</uuid>
              <memory unit='MiB'>256</memory>
              <currentMemory unit='MiB'>128</currentMemory>
              <vcpu placement='static' cpuset='0' current='2'>4</vcpu>
              <os>
                <type>xen</type>
                <kernel>/var/lib/xen/boot/vmlinuz-vk</kernel>
                <initrd>/var/lib/xen/boot/initrd-vk</initrd>
                <cmdline>console=hvc0 root=/dev/xvda ro</cmdline>
              </os>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>preserve</on_crash>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='/srv/vk-conv/root.img'/>
                  <target dev='xvda' bus='xen'/>
                </disk>
                <disk type='block' device='disk'>
                  <driver name='phy'/>
                  <source dev='/dev/vk-conv-data'/>
                  <target dev='xvdb' bus='xen'/>
                </disk>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/srv/vk-conv/base.qcow2'/>
                  <target dev='xvdc' bus='xen'/>
                  <readonly/>
                </disk>
                <interface type='bridge'>
                  <mac address='00:16:3e:4a:5b:01'/>
                  <source bridge='xenbr0'/>
                </interface>
                <interface type='bridge'>
                  <mac address='00:16:3e:4a:5b:02'/>
                  <source bridge='xenbr1'/>
                  <target dev='vk-conv-back'/>
                </interface>
                <console type='pty'/>
              </devices>
            </domain>
            """;

    /** PVH from a kernel, unusual lifecycle actions. */
    static final String PVH_XML = """
            <domain type='xen'>
              <name>vk-conv-pvh</name>
              <memory unit='MiB'>192</memory>
              <vcpu>2</vcpu>
              <os>
                <type>xenpvh</type>
                <kernel>/var/lib/xen/boot/vmlinuz-vk</kernel>
                <cmdline>console=hvc0</cmdline>
              </os>
              <on_poweroff>preserve</on_poweroff>
              <on_reboot>destroy</on_reboot>
              <on_crash>coredump-destroy</on_crash>
            </domain>
            """;

    /** HVM booting CD-ROM then disk, VNC on display 3, a serial port, an e1000 NIC. */
    static final String HVM_XML = """
            <domain type='xen'>
              <name>vk-conv-hvm</name>
              <memory unit='MiB'>512</memory>
              <vcpu>2</vcpu>
              <os>
                <type>hvm</type>
                <boot dev='cdrom'/>
                <boot dev='hd'/>
              </os>
              <features><acpi/><apic/><pae/></features>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/srv/vk-conv/desk.qcow2'/>
                  <target dev='hda' bus='ide'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <driver name='qemu' type='raw'/>
                  <source file='/srv/vk-conv/install.iso'/>
                  <target dev='hdc' bus='ide'/>
                  <readonly/>
                </disk>
                <interface type='bridge'>
                  <mac address='00:16:3e:4a:5b:03'/>
                  <source bridge='xenbr0'/>
                  <model type='e1000'/>
                </interface>
                <serial type='pty'><target port='0'/></serial>
                <graphics type='vnc' port='5903' autoport='no' listen='127.0.0.1'/>
              </devices>
            </domain>
            """;

    /** Configurations as users keep them in /etc/xen, by name. */
    static final Map<String, String> HAND_WRITTEN = new LinkedHashMap<>();

    static {
        HAND_WRITTEN.put("hand-pv", """
                # a PV guest from a kernel in dom0
                name = "vk-conv-hand-pv"
                uuid = "0d5e4c1b-7a2f-4b3c-9d8e-5f6a7b8c9d01"
                memory = 128
                maxmem = 192
                vcpus = 2
                kernel = "/var/lib/xen/boot/vmlinuz-vk"
                ramdisk = "/var/lib/xen/boot/initrd-vk"
                extra = "console=hvc0 quiet"
                on_crash = "preserve"
                disk = [ 'format=raw, vdev=xvda, access=rw, target=/srv/vk-conv/hand-root.img',
                         'format=qcow2, vdev=xvdb, access=ro, backendtype=qdisk, target=/srv/vk-conv/hand-data.qcow2' ]
                vif = [ 'mac=00:16:3e:4a:5c:01, bridge=xenbr0' ]
                """);
        HAND_WRITTEN.put("hand-pvh", """
                name = "vk-conv-hand-pvh"
                uuid = "0d5e4c1b-7a2f-4b3c-9d8e-5f6a7b8c9d02"
                type = "pvh"
                memory = 256
                vcpus = 1
                kernel = "/var/lib/xen/boot/vmlinuz-vk"
                cmdline = "console=hvc0"
                on_reboot = "destroy"
                """);
        HAND_WRITTEN.put("hand-hvm", """
                name = "vk-conv-hand-hvm"
                uuid = "0d5e4c1b-7a2f-4b3c-9d8e-5f6a7b8c9d03"
                type = "hvm"
                memory = 512
                vcpus = 2
                boot = "dc"
                vnc = 1
                vnclisten = "127.0.0.1"
                vncunused = 0
                vncdisplay = 4
                serial = "pty"
                disk = [ 'format=raw, vdev=hda, access=rw, target=/srv/vk-conv/hand-hvm.img',
                         'format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/srv/vk-conv/hand.iso' ]
                vif = [ 'mac=00:16:3e:4a:5c:03, bridge=xenbr0, model=e1000' ]
                """);
    }
}
