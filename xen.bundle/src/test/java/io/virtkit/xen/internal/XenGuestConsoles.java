package io.virtkit.xen.internal;

import java.io.IOException;

import io.virtkit.xen.testing.XenHostFixture;

/** The test guests' console output as xenconsoled logs it in dom0: waiting for a guest's init to have run. */
final class XenGuestConsoles {
    private XenGuestConsoles() {
    }

    /**
     * Waits in dom0 (one round trip, at most 3 minutes) until the guest's console log holds its marker
     * {@code times} times: the guest booted that often under this name since the host's boot.
     */
    static void awaitUp(XenHostFixture xen, String name, int times) throws IOException {
        String log = "/var/log/xen/console/guest-" + name + ".log";
        xen.runChecked("i=0; until [ \"$(grep -cs VIRTKIT-GUEST-UP " + log + ")\" -ge " + times + " ]; do i=$((i+1)); "
                + "[ $i -le 360 ] || { echo no marker; tail " + log + "; exit 1; }; sleep 0.5; done");
    }

    /** Waits in dom0 (at most 3 minutes) until {@code condition}, a shell test, holds. */
    static void await(XenHostFixture xen, String condition) throws IOException {
        xen.runChecked("i=0; until " + condition + "; do i=$((i+1)); [ $i -le 360 ] || { echo 'never: " + condition
                .replace("'", "") + "'; exit 1; }; sleep 0.5; done");
    }
}
