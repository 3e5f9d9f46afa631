package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;

@Service
@Command(scope = "virt", name = "sysinfo", description = "Print the host's system information XML",
        detailedDescription = "Prints the host's <sysinfo type='smbios'> XML (BIOS, system, board, chassis and "
                + "processors), as virsh sysinfo does. The test driver, which describes no real host, "
                + "answers that the function is not supported.")
public class SysinfoCommand extends ConnectedCommand {

    @Override
    void execute(Connection connection) throws Exception {
        Output.printBlock(Errors.call("failed to get sysinfo", connection::sysinfo));
    }
}
