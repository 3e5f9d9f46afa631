package io.virtkit.esx.internal.vim;

import java.util.Objects;

/**
 * A vSphere managed object reference ({@code <_this type="VirtualMachine">9</_this>}): the object's type and
 * its server-side id. Values are opaque: ESX numbers its VMs ({@code 9}), vCenter names them ({@code vm-42}).
 */
public record MoRef(String type, String value) {

    public MoRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** This reference as an element named {@code name} of a request. */
    public VimNode toNode(String name) {
        return VimNode.moRef(name, this);
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
