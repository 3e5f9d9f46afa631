package io.virtkit.shell.internal;

import java.util.List;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;

/**
 * Lists the hypervisor drivers registered now. virsh has no such verb (libvirt's drivers are compiled in);
 * the table uses {@code list}'s layout. It opens no connection, so unlike the other commands it has no
 * {@code --connect} option.
 */
@Service
@Command(scope = "virt", name = "drivers", description = "List the registered hypervisor drivers and their URI schemes",
        detailedDescription = "Lists the hypervisor drivers registered at this moment, in the order the connection "
                + "factory asks them, with the URI schemes each serves. Driver bundles can be installed and "
                + "removed at runtime; this shows which connection URIs can be opened now.")
public class DriversCommand implements Action {

    @Reference
    ConnectionFactory connectionFactory;

    @Override
    public Object execute() {
        VirshTable table = new VirshTable("Name", "Schemes");
        List<DriverInfo> drivers = connectionFactory.drivers();
        for (DriverInfo driver : drivers) {
            table.row(driver.name(), String.join(",", new TreeSet<>(driver.schemes())));
        }
        System.out.print(table.render());
        return null;
    }
}
