package io.virtkit.lxc.internal;

import java.nio.file.Path;

import io.virtkit.api.Connection;
import io.virtkit.support.net.VethProvider;
import io.virtkit.netdev.internal.ChildDriverMain;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * The LXC driver alone in a JVM of its own, as the daemon is, for {@link LxcDriverCrashTest} to SIGKILL at
 * any moment. Activates the driver on the directories under {@code args[0]} with the cgroup path
 * {@code args[2]}, with a veth provider working in the network namespace {@code args[1]}, then speaks
 * {@link ChildDriverMain}'s protocol; the pid {@code list} prints is the container's init.
 */
public final class LxcDriverChild {

    private LxcDriverChild() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        VethProvider veths = HostNetnsFixture.vethsInExistingNamespace(args[1], base.resolve("netdev-state"),
                base.resolve("netdev-run"));
        LxcDriver driver = new LxcDriver(LxcDriverSettings.forTests(base.resolve("lxc"), args[2]), veths);
        Connection conn = LxcTests.open(driver);
        LxcState state = driver.state();
        ChildDriverMain.serve(
                new ChildDriverMain.DomainCommands(conn, name -> state.initPid(state.lookupByName(name))));
        driver.close();
    }
}
