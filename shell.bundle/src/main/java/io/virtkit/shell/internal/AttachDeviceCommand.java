package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "attach-device", description = "Attach a device from an XML file",
        detailedDescription = "Adds the device the file describes (a <disk>, <interface>, ...), as virsh attach-device. "
                + "Without --config/--live the running domain is changed if it runs, else its persistent "
                + "configuration; --persistent changes the configuration and, if the domain runs, the domain too.")
public class AttachDeviceCommand extends DeviceFileCommand {

    @Override
    String verb() {
        return "attach";
    }

    @Override
    void apply(Domain domain, String xml, DeviceModifyFlag[] flags) {
        domain.attachDevice(xml, flags);
    }
}
