package io.virtkit.shell.internal;

import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.StoragePoolCreateFlag;

/** The --build, --overwrite and --no-overwrite options of pool-start, pool-create and pool-create-as. */
final class PoolStartFlags {

    private PoolStartFlags() {
    }

    static StoragePoolCreateFlag[] of(boolean build, boolean overwrite, boolean noOverwrite) throws CommandException {
        if (overwrite && noOverwrite) {
            throw Errors.of("Options --overwrite and --no-overwrite are mutually exclusive");
        }
        if (overwrite) {
            return new StoragePoolCreateFlag[] {StoragePoolCreateFlag.WITH_BUILD_OVERWRITE};
        }
        if (noOverwrite) {
            return new StoragePoolCreateFlag[] {StoragePoolCreateFlag.WITH_BUILD_NO_OVERWRITE};
        }
        return build ? new StoragePoolCreateFlag[] {StoragePoolCreateFlag.WITH_BUILD} : new StoragePoolCreateFlag[0];
    }
}
