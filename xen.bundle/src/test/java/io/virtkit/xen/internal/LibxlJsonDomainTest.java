package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.toolstack.XlJson;
import io.virtkit.xen.internal.xl.XlConfig;

/**
 * libxl's JSON read back as xl configuration. The samples are what {@code xl -N create} printed in the nested dom0
 * for the configurations Virtkit wrote for {@link ConversionSamples#PV_XML} and {@link ConversionSamples#HVM_XML}.
 */
class LibxlJsonDomainTest {

    @Test
    void aPvDomainGivesBackItsConfiguration() throws IOException {
        XlConfig config = LibxlJsonDomain.config(json("libxl-pv.json"));

        assertThat(config.format()).isEqualTo("""
                name = "vk-conv-pv"
                uuid = "6a1f0c9e-2b3d-4e5f-8a7b-1c2d3e4f5a61"
                memory = 128
                maxmem = 256
                vcpus = 2
                maxvcpus = 4
                cpus = "0"
                kernel = "/var/lib/xen/boot/vmlinuz-vk"
                ramdisk = "/var/lib/xen/boot/initrd-vk"
                cmdline = "console=hvc0 root=/dev/xvda ro"
                disk = [ "format=raw, vdev=xvda, access=rw, backendtype=qdisk, target=/srv/vk-conv/root.img", \
                "format=raw, vdev=xvdb, access=rw, backendtype=phy, target=/dev/vk-conv-data", \
                "format=qcow2, vdev=xvdc, access=ro, backendtype=qdisk, target=/srv/vk-conv/base.qcow2" ]
                vif = [ "mac=00:16:3e:4a:5b:01,bridge=xenbr0,script=vif-bridge", \
                "mac=00:16:3e:4a:5b:02,bridge=xenbr1,script=vif-bridge,vifname=vk-conv-back" ]
                on_poweroff = "destroy"
                on_reboot = "restart"
                on_crash = "preserve"
                """);
    }

    @Test
    void aPvDomainHasTheDefinitionOfTheXmlItCameFrom() throws IOException {
        String xml = DomainXmlCodec.format(LibxlJsonDomain.definition(json("libxl-pv.json")));

        assertThat(xml).isEqualTo(XenNativeConfigs.fromNative("xen-xl",
                XenNativeConfigs.toNative("xen-xl", ConversionSamples.PV_XML)));
    }

    @Test
    void anHvmDomainKeepsBootOrderDisplayAndSerial() throws IOException {
        String xml = DomainXmlCodec.format(LibxlJsonDomain.definition(json("libxl-hvm.json")));

        assertThat(xml).contains("<type arch='x86_64' machine='xenfv'>hvm</type>", "<boot dev='cdrom'/>",
                "<boot dev='hd'/>", "<graphics type='vnc' port='5903' autoport='no' listen='127.0.0.1'>",
                "<serial type='pty'>", "<disk type='file' device='cdrom'>", "<source file='/srv/vk-conv/install.iso'/>",
                "<target dev='hdc' bus='ide' removable='on'/>", "<readonly/>", "<model type='e1000'/>",
                "<mac address='00:16:3e:4a:5b:03'/>", "<on_crash>destroy</on_crash>");
    }

    private static Object json(String name) throws IOException {
        try (InputStream in = LibxlJsonDomainTest.class.getResourceAsStream(name)) {
            return XlJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
