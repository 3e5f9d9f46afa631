package io.virtkit.shell.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Network;
import io.virtkit.api.NetworkDhcpLease;

@Service
@Command(scope = "virt", name = "net-dhcp-leases", description = "List the DHCP leases of a network",
        detailedDescription = "Lists the addresses the network's DHCP server has handed out, in virsh "
                + "net-dhcp-leases's table: expiry time (local), MAC address, protocol, address/prefix, "
                + "host name and client id, '-' for what the guest did not send.")
public class NetDhcpLeasesCommand extends NetworkCommand {

    /** virsh's expiry format, in the local time zone. */
    static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    void execute(Network network) throws Exception {
        List<NetworkDhcpLease> leases = new ArrayList<>(
                Errors.call("Failed to get leases info for " + this.network, network::dhcpLeases));
        leases.sort(Comparator.comparing(NetworkDhcpLease::mac)); // virsh sorts by MAC address
        VirshTable table = new VirshTable("Expiry Time", "MAC address", "Protocol", "IP address", "Hostname",
                "Client ID or DUID");
        for (NetworkDhcpLease lease : leases) {
            table.row(lease.expiry() == null ? "-" : EXPIRY.format(lease.expiry().atZone(ZoneId.systemDefault())),
                    lease.mac(), lease.ipAddress().contains(":") ? "ipv6" : "ipv4",
                    lease.ipAddress() + "/" + lease.prefix(), orDash(lease.hostname()), orDash(lease.clientId()));
        }
        System.out.print(table.render());
    }

    private static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
