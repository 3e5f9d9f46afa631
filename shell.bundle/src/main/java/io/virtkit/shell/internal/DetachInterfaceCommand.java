package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;

@Service
@Command(scope = "virt", name = "detach-interface", description = "Detach a network interface from a domain",
        detailedDescription = "Removes a network interface, as virsh detach-interface: the interface of TYPE "
                + "(network, bridge, ethernet or user), chosen by --mac when the domain has more than one. "
                + "Without --config/--live the running domain is changed if it runs, else its persistent "
                + "configuration.")
public class DetachInterfaceCommand extends DeviceScopeCommand {

    /** virsh's line after any failure of this verb, its own or the driver's. */
    static final String FAILURE = "Failed to detach interface";

    @Argument(index = 1, name = "type", required = true, description = "network, bridge, ethernet or user")
    @Completion(value = StringsCompleter.class, values = {"network", "bridge", "ethernet", "user"})
    String type;

    @Option(name = "--mac", description = "The MAC address of the interface to remove")
    String mac;

    @Override
    void execute(Domain domain) throws Exception {
        DeviceModifyFlag[] flags = scope();
        // as virsh: pick the device from the definition the change applies to
        boolean inactive = config && !live || !config && !live && !domain.isActive();
        String xml = inactive ? domain.xml(XmlFlag.INACTIVE) : domain.xml();
        List<InterfaceDevice> ofType = DomainXmlCodec.parse(xml).devices().interfaces().stream()
                .filter(i -> i.type().xmlName().equals(type)).toList();
        if (ofType.isEmpty()) {
            throw Errors.thenFailed("No interface found whose type is " + type, FAILURE);
        }
        InterfaceDevice nic;
        if (mac != null) {
            String wanted = DomainXmlCodec.normalizeMac(mac);
            nic = ofType.stream().filter(i -> i.mac().equals(wanted)).findFirst()
                    .orElseThrow(() -> Errors.thenFailed("No interface with MAC address " + mac + " was found",
                            FAILURE));
        } else if (ofType.size() > 1) {
            throw Errors.thenFailed("Domain has " + ofType.size()
                    + " interfaces. Please specify which one to detach using --mac", FAILURE);
        } else {
            nic = ofType.get(0);
        }
        StringBuilder device = new StringBuilder("<interface type='").append(nic.type().xmlName()).append("'>")
                .append("<mac address='").append(nic.mac()).append("'/>");
        if (nic.source() != null) {
            device.append("<source ").append(nic.type() == InterfaceDevice.Type.BRIDGE ? "bridge" : "network")
                    .append("='").append(DeviceFlags.attr(nic.source())).append("'/>");
        }
        device.append("</interface>");
        Errors.run(FAILURE, () -> domain.detachDevice(device.toString(), flags));
        System.out.println("Interface detached successfully");
    }
}
