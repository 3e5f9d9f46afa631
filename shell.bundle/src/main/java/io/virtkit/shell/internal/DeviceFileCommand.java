package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

/**
 * attach-device, detach-device and update-device: a device XML read from FILE, applied where virsh's
 * --persistent/--config/--live/--current say, with virsh's two lines naming the file when the driver refuses.
 */
abstract class DeviceFileCommand extends DeviceChangeCommand {

    @Argument(index = 1, name = "file", required = true, description = "The file containing the device XML")
    @Completion(FileCompleter.class)
    String file;

    @Override
    final void execute(Domain domain) throws Exception {
        DeviceModifyFlag[] flags = flags(domain);
        String xml = XmlFile.read(file);
        Errors.run("Failed to " + verb() + " device from " + file, () -> apply(domain, xml, flags));
        System.out.println("Device " + verb() + (verb().endsWith("e") ? "d" : "ed") + " successfully");
    }

    /** attach, detach or update: virsh's word in both its lines. */
    abstract String verb();

    abstract void apply(Domain domain, String xml, DeviceModifyFlag[] flags);
}
