package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;

@Service
@Command(scope = "virt", name = "cluster-set-ha", description = "Mark a cluster guest HA, or take the mark away",
        detailedDescription = "Sets whether cluster guest GUEST is restarted on another host when its host dies: "
                + "on or off. The definition is rewritten at the version just read, so a change made meanwhile on "
                + "another host is not overwritten: the cluster refuses it and says so. Needs a quorum and feature "
                + "virtkit-cluster.")
public class ClusterSetHaCommand extends ClusterGuestCommand {

    @Argument(index = 1, name = "state", required = true, description = "on or off")
    @Completion(values = {"on", "off"}, value = StringsCompleter.class)
    String state;

    @Override
    void execute(Cluster cluster, ClusterGuest guest) throws Exception {
        boolean ha = switch (state) {
            case "on" -> true;
            case "off" -> false;
            default -> throw Errors.of("invalid argument: state '" + state + "' is neither 'on' nor 'off'");
        };
        Errors.call("Failed to set HA of domain '" + this.guest + "'",
                () -> cluster.updateGuest(guest.name(), guest.xml(), ha, guest.version()));
        System.out.println("Domain '" + guest.name() + "' is " + (ha ? "now" : "no longer") + " HA");
    }
}
