package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.VirtException;

@Service
@Command(scope = "virt", name = "vol-list", description = "List the volumes of a pool",
        detailedDescription = "Lists an active pool's volumes by name with their paths, in virsh vol-list's table; "
                + "with --details also their type, capacity and allocation.")
public class VolListCommand extends StoragePoolCommand {

    @Option(name = "--details", description = "Show type and sizes as well")
    boolean details;

    @Override
    void execute(StoragePool pool) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (StorageVolume volume : Errors.call("Failed to list volumes", pool::listVolumes)) {
            try {
                if (details) {
                    StorageVolumeInfo info = volume.info();
                    rows.add(new String[] {volume.name(), volume.path(), info.type().label(),
                        VirshSize.format(info.capacity()), VirshSize.format(info.allocation())});
                } else {
                    rows.add(new String[] {volume.name(), volume.path()});
                }
            } catch (VirtException e) {
                // A volume deleted after it was listed is no longer there to show.
                if (e.code() != ErrorCode.NO_STORAGE_VOL) {
                    throw e;
                }
            }
        }
        rows.sort((a, b) -> a[0].compareTo(b[0]));
        VirshTable table = details ? new VirshTable("Name", "Path", "Type", "Capacity", "Allocation")
                : new VirshTable("Name", "Path");
        for (String[] row : rows) {
            table.row(row);
        }
        System.out.print(table.render());
    }
}
