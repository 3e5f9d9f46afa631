package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Network;
import io.virtkit.api.VirtException;

/** virsh's {@code net-info}; like virsh it leaves out the Bridge line of a network that has no bridge name. */
@Service
@Command(scope = "virt", name = "net-info", description = "Show a network's basic information",
        detailedDescription = "Prints the network's name, UUID, whether it is active, persistent and autostarted, "
                + "and its bridge, laid out as virsh net-info does.")
public class NetInfoCommand extends NetworkCommand {

    @Override
    void execute(Network network) {
        line("Name:", network.name());
        line("UUID:", network.uuid().toString());
        line("Active:", yesNo(network.isActive()));
        line("Persistent:", yesNo(network.isPersistent()));
        line("Autostart:", yesNo(network.autostart()));
        String bridge;
        try {
            bridge = network.bridgeName();
        } catch (VirtException e) {
            bridge = null; // virsh prints no Bridge line then, and no error
        }
        if (bridge != null) {
            line("Bridge:", bridge);
        }
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** virsh pads net-info's labels to 15 columns, then one space. */
    private static void line(String label, String value) {
        System.out.println(String.format("%-15s %s", label, value));
    }
}
