package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStats;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/**
 * virsh's {@code domstats}: each domain as "Domain: 'name'", its statistics as indented key=value lines,
 * then a blank line. Named domains are all looked up before anything is printed, so a bad name fails the
 * command with no partial output, as in virsh.
 */
@Service
@Command(scope = "virt", name = "domstats", description = "Show statistics of domains",
        detailedDescription = "Prints the statistics the driver reports for each named domain (name, id or "
                + "UUID), or for every domain of the connection when none is named: state, CPU time, balloon, "
                + "vCPU and, where the driver has them, block and network counters, as key=value lines.")
public class DomStatsCommand extends ConnectedCommand {

    @Argument(index = 0, name = "domain", multiValued = true,
            description = "The domains to show (name, id or UUID); all domains when none is given")
    @Completion(DomainCompleter.class)
    List<String> domains;

    @Override
    void execute(Connection connection) throws Exception {
        List<Domain> chosen = new ArrayList<>();
        if (domains == null || domains.isEmpty()) {
            chosen.addAll(connection.listAllDomains());
        } else {
            for (String key : domains) {
                chosen.add(DomainLookup.forCommand(connection, key));
            }
        }
        StringBuilder out = new StringBuilder();
        for (Domain domain : chosen) {
            DomainStats stats;
            try {
                stats = domain.stats();
            } catch (VirtException e) {
                // A transient domain that stopped after it was listed has no statistics left to show.
                if (e.code() != ErrorCode.NO_DOMAIN || (domains != null && !domains.isEmpty())) {
                    throw e;
                }
                continue;
            }
            out.append("Domain: '").append(stats.domainName()).append("'\n");
            for (Map.Entry<String, Object> field : stats.fields().entrySet()) {
                out.append("  ").append(field.getKey()).append('=').append(field.getValue()).append('\n');
            }
            out.append('\n');
        }
        System.out.print(out);
    }
}
