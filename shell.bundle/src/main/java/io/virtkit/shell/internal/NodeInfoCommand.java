package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.NodeInfo;

@Service
@Command(scope = "virt", name = "nodeinfo", description = "Show the host's hardware",
        detailedDescription = "Prints the host's CPU model, CPU count and topology, frequency, NUMA cells "
                + "and memory, laid out as virsh nodeinfo does.")
public class NodeInfoCommand extends ConnectedCommand {

    @Override
    void execute(Connection connection) throws Exception {
        NodeInfo node = Errors.call("failed to get node information", connection::nodeInfo);
        line("CPU model:", node.cpuModel());
        line("CPU(s):", node.cpus());
        line("CPU frequency:", node.mhz() + " MHz");
        line("CPU socket(s):", node.sockets());
        line("Core(s) per socket:", node.coresPerSocket());
        line("Thread(s) per core:", node.threadsPerCore());
        line("NUMA cell(s):", node.numaNodes());
        line("Memory size:", node.memoryKiB() + " KiB");
    }

    /** virsh pads nodeinfo's labels to 20 columns, then one space. */
    private static void line(String label, Object value) {
        System.out.println(String.format("%-20s %s", label, value));
    }
}
