package io.virtkit.support.net;

import io.virtkit.model.domain.InterfaceDevice;

/**
 * The host side of guest network interfaces, registered as an OSGi service by the netdev bundle and used
 * by hypervisor drivers that hand TAP devices to their guests (QEMU). libvirt's rules apply: a TAP is
 * created by the provider and is transient (it vanishes when the last descriptor on it closes, so nobody
 * has to unplug it); a {@code <target dev='NAME'/>} that already exists is refused with
 * {@link io.virtkit.api.ErrorCode#OPERATION_INVALID} "The NAME interface already exists"; the one
 * exception is {@code type='ethernet'} with {@code managed='no'}, whose existing TAP is used untouched.
 */
@org.osgi.annotation.versioning.ProviderType
public interface TapProvider {

    /**
     * Creates (or, for unmanaged ethernet, opens) the TAP for {@code iface}: {@code type='network'} plugs
     * it into the bridge of that active virtual network, {@code type='bridge'} into the named host bridge,
     * {@code type='ethernet'} into nothing. The TAP gets the guest's MAC with its first byte set to 0xFE
     * (0xFA when the guest's already is 0xFE), the bridge's MTU unless the interface asks for one, and is up.
     * On any failure nothing is left behind.
     *
     * @param vnetHeader whether the guest NIC is virtio (IFF_VNET_HDR)
     */
    ConnectedTap connect(InterfaceDevice iface, boolean vnetHeader);
}
