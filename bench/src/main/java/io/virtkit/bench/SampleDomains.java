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

    /**
     * A rich guest named {@code name}: every device family libvirt's schema has (and the top-level tuning,
     * CPU, NUMA, features, clock, power management, sysinfo and security elements), as a domain exported from
     * a busy libvirt host looks. The benchmark: a wider model must not make today's guests slower, and
     * this shows what the width costs.
     */
    static String richGuest(String name) {
        return """
                <domain type='test'>
                  <name>%s</name>
                  <title>Rich benchmark guest</title>
                  <description>Every device family</description>
                  <metadata>
                    <app:owner xmlns:app='http://example.org/app/1'>bench</app:owner>
                  </metadata>
                  <maxMemory slots='4' unit='GiB'>16</maxMemory>
                  <memory unit='GiB'>4</memory>
                  <currentMemory unit='GiB'>4</currentMemory>
                  <memtune>
                    <hard_limit unit='GiB'>6</hard_limit>
                    <soft_limit unit='GiB'>5</soft_limit>
                  </memtune>
                  <memoryBacking>
                    <nosharepages/>
                    <source type='memfd'/>
                    <access mode='shared'/>
                  </memoryBacking>
                  <vcpu placement='static' current='2'>4</vcpu>
                  <iothreads>2</iothreads>
                  <cputune>
                    <shares>2048</shares>
                    <vcpupin vcpu='0' cpuset='0'/>
                    <emulatorpin cpuset='1'/>
                  </cputune>
                  <numatune>
                    <memory mode='strict' nodeset='0'/>
                  </numatune>
                  <sysinfo type='smbios'>
                    <system>
                      <entry name='manufacturer'>Virtkit</entry>
                      <entry name='product'>Bench</entry>
                    </system>
                  </sysinfo>
                  <os>
                    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
                    <bootmenu enable='yes' timeout='3000'/>
                    <smbios mode='sysinfo'/>
                  </os>
                  <features>
                    <acpi/>
                    <apic/>
                    <hyperv mode='custom'>
                      <relaxed state='on'/>
                      <vapic state='on'/>
                      <spinlocks state='on' retries='8191'/>
                    </hyperv>
                    <kvm>
                      <hidden state='on'/>
                    </kvm>
                    <vmport state='off'/>
                    <smm state='on'/>
                  </features>
                  <cpu mode='custom' match='exact' check='partial'>
                    <model fallback='allow'>Skylake-Client</model>
                    <topology sockets='1' dies='1' cores='2' threads='2'/>
                    <feature policy='require' name='invtsc'/>
                    <numa>
                      <cell id='0' cpus='0-3' memory='4' unit='GiB'/>
                    </numa>
                  </cpu>
                  <clock offset='utc'>
                    <timer name='rtc' tickpolicy='catchup'/>
                    <timer name='pit' tickpolicy='delay'/>
                    <timer name='hpet' present='no'/>
                  </clock>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <pm>
                    <suspend-to-mem enabled='no'/>
                    <suspend-to-disk enabled='no'/>
                  </pm>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'/>
                      <source file='/var/lib/libvirt/images/%1$s-root.qcow2'/>
                      <backingStore type='file'>
                        <format type='qcow2'/>
                        <source file='/var/lib/libvirt/images/base.qcow2'/>
                        <backingStore/>
                      </backingStore>
                      <target dev='vda' bus='virtio'/>
                      <iotune>
                        <total_iops_sec>1000</total_iops_sec>
                      </iotune>
                      <boot order='1'/>
                    </disk>
                    <disk type='network' device='disk'>
                      <driver name='qemu' type='raw'/>
                      <source protocol='rbd' name='pool/%1$s-data'>
                        <host name='ceph1.example.org' port='6789'/>
                      </source>
                      <auth username='admin'>
                        <secret type='ceph' usage='ceph-admin'/>
                      </auth>
                      <target dev='vdb' bus='virtio'/>
                    </disk>
                    <disk type='block' device='lun'>
                      <driver name='qemu' type='raw'/>
                      <source dev='/dev/mapper/%1$s-lun'/>
                      <target dev='sdb' bus='scsi'/>
                    </disk>
                    <disk type='file' device='cdrom'>
                      <driver name='qemu' type='raw'/>
                      <source file='/var/lib/libvirt/images/debian-12.iso'/>
                      <target dev='sda' bus='sata'/>
                      <readonly/>
                    </disk>
                    <controller type='usb' index='0' model='qemu-xhci' ports='15'/>
                    <controller type='pci' index='0' model='pcie-root'/>
                    <controller type='pci' index='1' model='pcie-root-port'>
                      <model name='pcie-root-port'/>
                      <target chassis='1' port='0x10'/>
                    </controller>
                    <controller type='scsi' index='0' model='virtio-scsi'/>
                    <controller type='virtio-serial' index='0'/>
                    <controller type='sata' index='0'/>
                    <lease>
                      <lockspace>bench</lockspace>
                      <key>%1$s</key>
                      <target path='/var/lib/libvirt/leases/bench'/>
                    </lease>
                    <filesystem type='mount' accessmode='passthrough'>
                      <driver type='virtiofs'/>
                      <source dir='/srv/share'/>
                      <target dir='share'/>
                    </filesystem>
                    <interface type='network'>
                      <mac address='52:54:00:6b:3c:58'/>
                      <source network='default'/>
                      <model type='virtio'/>
                      <bandwidth>
                        <inbound average='1000' peak='5000' burst='1024'/>
                      </bandwidth>
                    </interface>
                    <interface type='bridge'>
                      <mac address='52:54:00:6b:3c:59'/>
                      <source bridge='br0'/>
                      <vlan>
                        <tag id='42'/>
                      </vlan>
                      <model type='virtio'/>
                      <mtu size='9000'/>
                    </interface>
                    <interface type='user'>
                      <mac address='52:54:00:6b:3c:5a'/>
                      <model type='e1000e'/>
                    </interface>
                    <interface type='direct'>
                      <mac address='52:54:00:6b:3c:5b'/>
                      <source dev='eth0' mode='vepa'/>
                      <model type='virtio'/>
                    </interface>
                    <smartcard mode='passthrough' type='spicevmc'/>
                    <serial type='pty'>
                      <target type='isa-serial' port='0'>
                        <model name='isa-serial'/>
                      </target>
                    </serial>
                    <serial type='tcp'>
                      <source mode='bind' host='127.0.0.1' service='4555'/>
                      <protocol type='telnet'/>
                      <target port='1'/>
                    </serial>
                    <parallel type='file'>
                      <source path='/var/log/bench-parallel.log'/>
                      <target port='0'/>
                    </parallel>
                    <console type='pty'>
                      <target type='serial' port='0'/>
                    </console>
                    <channel type='unix'>
                      <target type='virtio' name='org.qemu.guest_agent.0'/>
                    </channel>
                    <channel type='spicevmc'>
                      <target type='virtio' name='com.redhat.spice.0'/>
                    </channel>
                    <input type='tablet' bus='usb'/>
                    <input type='keyboard' bus='ps2'/>
                    <input type='mouse' bus='ps2'/>
                    <tpm model='tpm-crb'>
                      <backend type='emulator' version='2.0'/>
                    </tpm>
                    <graphics type='spice' autoport='yes'>
                      <listen type='address' address='127.0.0.1'/>
                      <image compression='off'/>
                    </graphics>
                    <graphics type='vnc' port='-1' autoport='yes'>
                      <listen type='address' address='127.0.0.1'/>
                    </graphics>
                    <sound model='ich9'>
                      <audio id='1'/>
                    </sound>
                    <audio id='1' type='spice'/>
                    <video>
                      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>
                    </video>
                    <hostdev mode='subsystem' type='usb' managed='yes'>
                      <source>
                        <vendor id='0x046d'/>
                        <product id='0xc52b'/>
                      </source>
                    </hostdev>
                    <redirdev bus='usb' type='spicevmc'/>
                    <redirfilter>
                      <usbdev class='0x08' allow='no'/>
                      <usbdev allow='yes'/>
                    </redirfilter>
                    <hub type='usb'/>
                    <watchdog model='i6300esb' action='reset'/>
                    <memballoon model='virtio'>
                      <stats period='10'/>
                    </memballoon>
                    <rng model='virtio'>
                      <rate bytes='1024' period='1000'/>
                      <backend model='random'>/dev/urandom</backend>
                    </rng>
                    <panic model='isa'/>
                    <shmem name='bench-shmem'>
                      <model type='ivshmem-plain'/>
                      <size unit='M'>4</size>
                    </shmem>
                    <memory model='dimm'>
                      <target>
                        <size unit='GiB'>1</size>
                        <node>0</node>
                      </target>
                    </memory>
                    <iommu model='intel'>
                      <driver intremap='on'/>
                    </iommu>
                    <vsock model='virtio'>
                      <cid auto='yes'/>
                    </vsock>
                  </devices>
                  <seclabel type='dynamic' model='dac' relabel='yes'/>
                </domain>
                """.formatted(name);
    }
}
