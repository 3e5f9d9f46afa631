package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "detach-device", description = "Detach a device described by an XML file",
        detailedDescription = "Removes the device the file describes, as virsh detach-device: a disk is matched by its target, "
                + "an interface by its MAC address. "
                + "Without --config/--live the running domain is changed if it runs, else its persistent "
                + "configuration; --persistent changes the configuration and, if the domain runs, the domain too.")
public class DetachDeviceCommand extends DeviceFileCommand {

    @Override
    String verb() {
        return "detach";
    }

    @Override
    void apply(Domain domain, String xml, DeviceModifyFlag[] flags) {
        domain.detachDevice(xml, flags);
    }
}
