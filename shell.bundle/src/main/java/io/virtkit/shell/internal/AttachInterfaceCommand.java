package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "attach-interface", description = "Attach a network interface to a domain",
        detailedDescription = "Adds a network interface, as virsh attach-interface: TYPE is network, bridge, "
                + "ethernet or user; SOURCE is the network or bridge name (ignored for ethernet and user). "
                + "Without --config/--live the running domain is changed if it runs, else its persistent "
                + "configuration. A MAC address is generated unless --mac gives one.")
public class AttachInterfaceCommand extends DeviceScopeCommand {

    @Argument(index = 1, name = "type", required = true, description = "network, bridge, ethernet or user")
    @Completion(value = StringsCompleter.class, values = {"network", "bridge", "ethernet", "user"})
    String type;

    @Argument(index = 2, name = "source", required = true,
            description = "The source network (type network) or bridge (type bridge)")
    @Completion(InterfaceSourceCompleter.class)
    String source;

    @Option(name = "--mac", description = "The MAC address of the new interface")
    String mac;

    @Option(name = "--model", description = "The device model, e.g. virtio or e1000")
    String model;

    @Option(name = "--target", description = "The host-side device name (TAP) to use")
    String target;

    @Override
    void execute(Domain domain) throws Exception {
        var flags = scope();
        StringBuilder xml = new StringBuilder("<interface type='").append(DeviceFlags.attr(type)).append("'>");
        switch (type) {
            case "network" -> xml.append("<source network='").append(DeviceFlags.attr(source)).append("'/>");
            case "bridge" -> xml.append("<source bridge='").append(DeviceFlags.attr(source)).append("'/>");
            case "ethernet", "user" -> {
                // these types have no source element
            }
            default -> throw Errors.of("No support for " + type + " in command 'attach-interface'");
        }
        if (target != null) {
            xml.append("<target dev='").append(DeviceFlags.attr(target)).append("'/>");
        }
        if (mac != null) {
            xml.append("<mac address='").append(DeviceFlags.attr(mac)).append("'/>");
        }
        if (model != null) {
            xml.append("<model type='").append(DeviceFlags.attr(model)).append("'/>");
        }
        xml.append("</interface>");
        Errors.run("Failed to attach interface", () -> domain.attachDevice(xml.toString(), flags));
        System.out.println("Interface attached successfully");
    }
}
