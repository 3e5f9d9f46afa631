package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeInfo;

@Service
@Command(scope = "virt", name = "vol-info", description = "Show a volume's basic information",
        detailedDescription = "Prints the volume's name, type, capacity and allocation, laid out as virsh vol-info does.")
public class VolInfoCommand extends StorageVolumeCommand {

    @Option(name = "--bytes", description = "Show sizes in bytes rather than scaled units")
    boolean bytes;

    @Override
    void execute(Connection connection, StorageVolume volume) {
        StorageVolumeInfo info = volume.info();
        PoolInfoCommand.line("Name:", volume.name());
        PoolInfoCommand.line("Type:", info.type().label());
        PoolInfoCommand.line("Capacity:", bytes ? Long.toUnsignedString(info.capacity()) + " bytes"
                : VirshSize.format(info.capacity()));
        PoolInfoCommand.line("Allocation:", bytes ? Long.toUnsignedString(info.allocation()) + " bytes"
                : VirshSize.format(info.allocation()));
    }
}
