package io.virtkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;

/**
 * The test driver accepts every top-level element outside {@code <devices>} the schema allows, as libvirt's
 * does (it runs nothing), and gives it back as defined, running or not.
 */
class TestDriverTopLevelTest {

    private static final String XML = """
            <domain type='test' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
              <name>top</name>
              <metadata>
                <app:owner xmlns:app='http://example.org/app/'>ops</app:owner>
              </metadata>
              <memory unit='KiB'>1048576</memory>
              <memtune>
                <hard_limit unit='KiB'>1048576</hard_limit>
              </memtune>
              <vcpu placement='static' cpuset='0-1' current='1'>2</vcpu>
              <cputune>
                <shares>1024</shares>
                <vcpupin vcpu='0' cpuset='0'/>
              </cputune>
              <numatune>
                <memory mode='strict' nodeset='0'/>
              </numatune>
              <sysinfo type='smbios'>
                <system>
                  <entry name='manufacturer'>Virtkit</entry>
                </system>
              </sysinfo>
              <os>
                <type arch='x86_64'>hvm</type>
                <boot dev='hd'/>
                <bootmenu enable='yes'/>
                <smbios mode='sysinfo'/>
              </os>
              <features>
                <acpi/>
                <hyperv mode='custom'>
                  <relaxed state='on'/>
                </hyperv>
                <kvm>
                  <hidden state='on'/>
                </kvm>
                <gic version='3'/>
                <ioapic driver='kvm'/>
              </features>
              <cpu mode='custom' match='exact'>
                <model fallback='allow'>qemu64</model>
                <topology sockets='1' dies='1' cores='2' threads='1'/>
              </cpu>
              <clock offset='utc'>
                <timer name='rtc' tickpolicy='catchup'/>
              </clock>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>restart</on_reboot>
              <on_crash>destroy</on_crash>
              <pm>
                <suspend-to-mem enabled='no'/>
              </pm>
              <seclabel type='dynamic' model='selinux' relabel='yes'/>
              <qemu:commandline>
                <qemu:arg value='-S'/>
              </qemu:commandline>
            </domain>
            """;

    private TestDriver driver;
    private Connection conn;

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void everyTopLevelElementIsAcceptedAndGivenBack() {
        Domain d = conn.defineDomain(XML);
        d.start();
        String running = d.xml();
        for (String part : new String[] {"<app:owner xmlns:app='http://example.org/app/'>ops</app:owner>",
            "<hard_limit unit='KiB'>1048576</hard_limit>", "<vcpu placement='static' cpuset='0-1' current='1'>2</vcpu>",
            "<vcpupin vcpu='0' cpuset='0'/>", "<memory mode='strict' nodeset='0'/>",
            "<entry name='manufacturer'>Virtkit</entry>", "<bootmenu enable='yes'/>", "<relaxed state='on'/>",
            "<gic version='3'/>", "<ioapic driver='kvm'/>", "<topology sockets='1' dies='1' cores='2' threads='1'/>",
            "<timer name='rtc' tickpolicy='catchup'/>", "<suspend-to-mem enabled='no'/>",
            "<seclabel type='dynamic' model='selinux' relabel='yes'/>", "<qemu:arg value='-S'/>"}) {
            assertThat(running).contains(part);
        }
        assertThat(running).contains("xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'");
        d.destroy();
        assertThat(d.xml()).contains("<gic version='3'/>");
    }
}
