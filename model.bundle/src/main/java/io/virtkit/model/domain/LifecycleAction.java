package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;

/** What the hypervisor does when a guest powers off, reboots or crashes ({@code on_poweroff} and friends). */
public enum LifecycleAction {
    DESTROY, RESTART, PRESERVE, RENAME_RESTART, COREDUMP_DESTROY, COREDUMP_RESTART;

    /** The name in domain XML, e.g. {@code coredump-destroy}. */
    public String xmlName() {
        return XmlNames.of(this);
    }
}
