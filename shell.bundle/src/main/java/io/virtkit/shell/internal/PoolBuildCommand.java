package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolBuildFlag;

@Service
@Command(scope = "virt", name = "pool-build", description = "Make an inactive pool's storage",
        detailedDescription = "Builds the underlying storage of an inactive pool: creates its directory, formats its "
                + "file system or creates its volume group. --overwrite and --no-overwrite say whether existing data "
                + "may be overwritten, for pool types that format.")
public class PoolBuildCommand extends StoragePoolCommand {

    @Option(name = "--overwrite", description = "Overwrite any existing data")
    boolean overwrite;

    @Option(name = "--no-overwrite", description = "Do not overwrite any existing data")
    boolean noOverwrite;

    @Override
    void execute(StoragePool pool) throws Exception {
        if (overwrite && noOverwrite) {
            throw Errors.of("Options --overwrite and --no-overwrite are mutually exclusive");
        }
        StoragePoolBuildFlag[] flags = overwrite ? new StoragePoolBuildFlag[] {StoragePoolBuildFlag.OVERWRITE}
                : noOverwrite ? new StoragePoolBuildFlag[] {StoragePoolBuildFlag.NO_OVERWRITE}
                : new StoragePoolBuildFlag[0];
        Errors.run("Failed to build pool " + this.pool, () -> pool.build(flags));
        System.out.println("Pool " + this.pool + " built");
    }
}
