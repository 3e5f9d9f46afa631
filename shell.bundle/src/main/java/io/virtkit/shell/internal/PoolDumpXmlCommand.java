package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageXmlFlag;

@Service
@Command(scope = "virt", name = "pool-dumpxml", description = "Print a pool's XML description",
        detailedDescription = "Prints the storage pool XML: the live configuration of an active pool, or with "
                + "--inactive the persistent definition it will have on its next start.")
public class PoolDumpXmlCommand extends StoragePoolCommand {

    @Option(name = "--inactive", description = "Show the persistent definition rather than the live one")
    boolean inactive;

    @Override
    void execute(StoragePool pool) {
        Output.printBlock(inactive ? pool.xml(StorageXmlFlag.INACTIVE) : pool.xml());
    }
}
