package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

@Service
@Command(scope = "virt", name = "update-device", description = "Update a device from an XML file",
        detailedDescription = "Changes the device the file names (a disk by its target) to what the file describes, as virsh "
                + "update-device: for a CD-ROM or floppy, the medium it holds (no <source> ejects it). "
                + "Without --config/--live the running domain is changed if it runs, else its persistent "
                + "configuration; --persistent changes the configuration and, if the domain runs, the domain too.")
public class UpdateDeviceCommand extends DeviceFileCommand {

    @Override
    String verb() {
        return "update";
    }

    @Override
    void apply(Domain domain, String xml, DeviceModifyFlag[] flags) {
        domain.updateDevice(xml, flags);
    }
}
