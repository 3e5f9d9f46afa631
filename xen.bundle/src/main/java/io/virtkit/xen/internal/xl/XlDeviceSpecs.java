package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.InterfaceDevice;
import java.util.List;

/**
 * One device in the words xl's hot-plug commands take, written by the same rules as the device's entry in a
 * configuration: a disk as one xl disk specification ({@code xl block-attach DOMID SPEC}, {@code target=} last, as
 * libxl's parser wants it), an interface as its {@code key=value} parameters ({@code xl network-attach DOMID
 * mac=… bridge=…}: xl reads each parameter as its own argument).
 */
public final class XlDeviceSpecs {
    private XlDeviceSpecs() {
    }

    /** The xl disk specification of {@code disk}, as a {@code disk = [ … ]} entry of the xl format. */
    public static String disk(DiskDevice disk) {
        return XlDisks.formatXl(disk);
    }

    /**
     * The parameters of {@code nic}, one {@code key=value} each, as its {@code vif = [ … ]} entry of the xl format
     * has them; {@code hvm}: the guest is HVM (a {@code netfront} model is written as {@code type=vif} there).
     */
    public static List<String> vif(InterfaceDevice nic, boolean hvm) {
        // no value of a vif entry holds a comma (ip= separates its addresses with spaces)
        return List.of(XlVifs.format(nic, hvm, XlFormat.XL, null).split(","));
    }
}
