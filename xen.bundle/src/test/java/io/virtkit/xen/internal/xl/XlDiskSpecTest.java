package io.virtkit.xen.internal.xl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XlDiskSpecTest {

    @Test
    void readsKeysAndATargetThatTakesTheRest() {
        XlDiskSpec spec = XlDiskSpec.parse(" format=qcow2,  vdev=xvdb, access=ro, backendtype=qdisk, "
                + "target=/srv/a b, c.qcow2 ");

        assertThat(spec).isEqualTo(new XlDiskSpec("/srv/a b, c.qcow2 ", "qcow2", "xvdb", false, false, "qdisk",
                null));
    }

    @Test
    void readsPositionalParametersInLibxlsOrder() {
        assertThat(XlDiskSpec.parse("/srv/x.img,raw,xvda,rw"))
                .isEqualTo(new XlDiskSpec("/srv/x.img", "raw", "xvda", true, false, null, null));
        assertThat(XlDiskSpec.parse("/dev/vg/x,,hda"))
                .isEqualTo(new XlDiskSpec("/dev/vg/x", "raw", "hda", true, false, null, null));
    }

    @Test
    void oldPrefixesTakeTheFormatsPlace() {
        assertThat(XlDiskSpec.parse("phy:/dev/vg/x,xvda,w"))
                .isEqualTo(new XlDiskSpec("/dev/vg/x", "raw", "xvda", true, false, null, null));
        assertThat(XlDiskSpec.parse("tap:qcow2:/srv/x.qcow2,xvdb,r"))
                .isEqualTo(new XlDiskSpec("/srv/x.qcow2", "qcow2", "xvdb", false, false, null, null));
        assertThat(XlDiskSpec.parse("drbd:res0,xvdc,w").script()).isEqualTo("block-drbd");
    }

    @Test
    void cdromsAreReadOnlyAndEmptyWithoutTarget() {
        assertThat(XlDiskSpec.parse(",,hdc:cdrom"))
                .isEqualTo(new XlDiskSpec("", "empty", "hdc", false, true, null, null));
        assertThat(XlDiskSpec.parse("vdev=hdc, devtype=cdrom"))
                .isEqualTo(new XlDiskSpec(null, "empty", "hdc", false, true, null, null));
        assertThat(XlDiskSpec.parse("file:/srv/x.iso,hdc:cdrom,r").format()).isEqualTo("raw");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/srv/x.img,xvda,w|unknown value for format: 'xvda'",
        "format=vmdk,vdev=xvda,target=/x|unknown value for format: 'vmdk'",
        "vdev=xvda,colour=blue,target=/x|unknown parameter: 'colour=blue'",
        "format=raw,target=/x|no vdev specified",
        "vdev=xvda|no target specified",
        "vdev=xvda,vdev=xvdb,target=/x|vdev specified twice: 'xvdb'",
        "vdev=xvda,access=!,target=/x|unknown value for access: '!'",
        "vdev=xvda,devtype=floppy,target=/x|unknown value for type: 'devtype=floppy'",
        "vdev=xvda,backendtype=nbd,target=/x|unknown value for backendtype: 'nbd'",
        "/x,raw,xvda,rw,extra|too many positional parameters: 'extra'",
        "foo:/x,xvda,w|unknown deprecated disk prefix: 'foo:/x,xvda,w'",
        "/x,,hdc:floppy|unknown deprecated type: 'floppy'"})
    void refusesWhatLibxlRefuses(String spec, String what) {
        assertThatThrownBy(() -> XlDiskSpec.parse(spec)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONF_SYNTAX);
            assertThat(e.getMessage()).endsWith("config parsing error in disk specification '" + spec + "': "
                    + what);
        });
    }
}
