package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePoolListFlag;

/** pool-define-as and pool-create-as: a pool given by its name, type and virsh's source and target options. */
abstract class PoolAsCommand extends ConnectedCommand {

    @Argument(index = 0, name = "name", required = true, description = "The new pool's name")
    String name;

    @Argument(index = 1, name = "type", required = true, description = "The pool's type: dir, fs, logical, …")
    @Completion(value = StringsCompleter.class, values = {"dir", "fs", "netfs", "logical", "disk", "iscsi", "scsi",
        "mpath", "rbd", "sheepdog", "gluster", "zfs", "vstorage", "iscsi-direct"})
    String type;

    @Option(name = "--print-xml", description = "Print the pool XML instead of acting on it")
    boolean printXml;

    @Option(name = "--source-host", description = "The source host (netfs, iscsi…), as name or name:port")
    String sourceHost;

    @Option(name = "--source-path", description = "The source directory (netfs, gluster…)")
    String sourcePath;

    @Option(name = "--source-dev", description = "The source device (fs, logical, disk…)")
    String sourceDev;

    @Option(name = "--source-name", description = "The source name (logical: the volume group)")
    String sourceName;

    @Option(name = "--source-format", description = "The source format (fs: the file system type, e.g. ext4)")
    String sourceFormat;

    @Option(name = "--target", description = "The target: the pool's directory or mount point on the host")
    String target;

    @Override
    final void execute(Connection connection) throws Exception {
        if (StoragePoolListFlag.ofPoolType(type) == null) {
            throw Errors.of("Invalid pool type '" + type + "'");
        }
        String xml = new PoolXmlBuilder(name, type, sourceHost, sourcePath, sourceDev, sourceFormat, sourceName,
                target).xml();
        if (printXml) {
            System.out.print(xml);
            return;
        }
        execute(connection, xml);
    }

    abstract void execute(Connection connection, String xml) throws Exception;
}
