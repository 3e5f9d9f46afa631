package io.virtkit.bench;

/**
 * Domain XML the benchmarks feed in. One realistic guest: the shape virt-install writes for a small KVM
 * server (two disks and a CD-ROM, two NICs, a serial console, VNC), with type='test' so that the test
 * driver accepts it too.
 */
final class SampleDomains {
    private SampleDomains() {
    }

    /** A realistic guest named {@code name}, with no UUID so that each definition gets a fresh one. */
    static String guest(String name) {
        return """
                <domain type='test'>
                  <name>%s</name>
                  <title>Benchmark guest</title>
                  <description>A web server with a data disk, two NICs and a serial console</description>
                  <memory unit='MiB'>2048</memory>
                  <currentMemory unit='MiB'>1024</currentMemory>
                  <vcpu placement='static'>2</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
                    <boot dev='hd'/>
                    <boot dev='cdrom'/>
                  </os>
                  <features>
                    <acpi/>
                    <apic/>
                  </features>
                  <cpu mode='host-model'/>
                  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/>
                      <source file='/var/lib/libvirt/images/%1$s-root.qcow2'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='raw'/>
                      <source file='/var/lib/libvirt/images/%1$s-data.img'/>
                      <target dev='vdb' bus='virtio'/>
                    </disk>
                    <disk type='file' device='cdrom'>
                      <driver name='qemu' type='raw'/>
                      <source file='/var/lib/libvirt/images/debian-12.iso'/>
                      <target dev='sda' bus='sata'/>
                      <readonly/>
                    </disk>
                    <interface type='network'>
                      <mac address='52:54:00:6b:3c:58'/>
                      <source network='default'/>
                      <model type='virtio'/>
                    </interface>
                    <interface type='bridge'>
                      <mac address='52:54:00:6b:3c:59'/>
                      <source bridge='br0'/>
                      <model type='virtio'/>
                    </interface>
                    <serial type='pty'>
                      <target port='0'/>
                    </serial>
                    <console type='pty'>
                      <target type='serial' port='0'/>
                    </console>
                    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>
                  </devices>
                </domain>
                """.formatted(name);
    }
}
