package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Nothing valid is dropped without a word: what the codecs do not model is either listed as not yet modelled
 * (dropped, and on issue 11's to-do list) or refused with libvirt's "unsupported configuration" naming it.
 */
class DomainUnmodelledXmlTest {

    private static String vm(String inside) {
        return "<domain type='kvm'><name>vm</name><uuid>c7a5fdbd-cdaf-9455-926a-d65c16db1809</uuid>"
                + "<memory>1024</memory><os><type>hvm</type></os>" + inside + "</domain>";
    }

    @Test
    void listedElementsAndAttributesAreDroppedAsBefore() {
        DomainDefinition withUnmodelled = DomainXmlCodec.parse(vm("""
                <vcpu>2</vcpu>
                <devices>
                  <controller type='usb' index='0' model='qemu-xhci'/>
                  <disk type='file' device='disk'>
                    <driver name='qemu'/>
                    <source file='/a.img'/><target dev='vda' bus='virtio'/>
                    <privateData/>
                  </disk>
                </devices>"""));
        DomainDefinition modelledOnly = DomainXmlCodec.parse(vm("""
                <vcpu>2</vcpu>
                <devices>
                  <controller type='usb' index='0' model='qemu-xhci'/>
                  <disk type='file' device='disk'>
                    <driver name='qemu'/><source file='/a.img'/><target dev='vda' bus='virtio'/>
                  </disk>
                </devices>"""));
        assertThat(withUnmodelled).isEqualTo(modelledOnly);
    }

    @Test
    void metadataAndDriverNamespacesAreReadWithoutComplaint() {
        DomainDefinition def = DomainXmlCodec.parse(vm("""
                <metadata><my:owner xmlns:my='urn:example'>ops</my:owner></metadata>
                <qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
                  <qemu:arg value='-no-hpet'/></qemu:commandline>
                <test:runstate xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>5</test:runstate>"""));
        assertThat(def.name()).isEqualTo("vm");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <devices><frobnicator/></devices>                  | element 'domain/devices/frobnicator'
            <devices><serial type='pty' colour='red'/></devices> | attribute 'colour' of element 'domain/devices/serial'
            <os2/>                                             | element 'domain/os2'
            <my:thing xmlns:my='urn:example'/>                  | element 'domain/{urn:example}thing'
            <devices><disk type='file'><source file='/a' x='1'/><target dev='vda'/></disk></devices> | attribute 'x' of element 'domain/devices/disk/source'
            <devices><disk type='file'><source file='/a'><frob/></source><target dev='vda'/></disk></devices> | element 'domain/devices/disk/source/frob'
            """)
    void whatIsNeitherModelledNorListedIsRefusedByName(String inside, String what) {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm(inside))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
            assertThat(e.getMessage()).isEqualTo("unsupported configuration: " + what + " is not supported");
        });
    }

    @Test
    void theCodecsOwnErrorsComeBeforeTheRefusalOfUnmodelledParts() {
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm("<devices><frobnicator/><graphics type='vnc' "
                + "autoport='maybe'/></devices>"))).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR));
    }
}
