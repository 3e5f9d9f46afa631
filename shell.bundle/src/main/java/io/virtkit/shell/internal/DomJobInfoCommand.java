package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/**
 * virsh's {@code domjobinfo}: the job's statistics ({@code virDomainGetJobStats}), or its plain info where the
 * driver has no statistics and no flag asks for them, laid out by {@link JobInfoReport}.
 */
@Service
@Command(scope = "virt", name = "domjobinfo", description = "Show a domain's job information",
        detailedDescription = "Prints the job DOMAIN is running (e.g. an outgoing migration: time elapsed, data and "
                + "memory processed, remaining and total, bandwidth, ...) laid out as virsh domjobinfo does; "
                + "\"Job type: None\" when it runs none. --completed shows the last job that completed on this host "
                + "instead (with its downtime for a migration).")
public class DomJobInfoCommand extends DomainCommand {

    @Option(name = "--completed", description = "Show the statistics of the job completed last")
    boolean completed;

    @Override
    void execute(Domain domain) throws Exception {
        DomainJobStats stats;
        try {
            stats = domain.jobStats(completed);
        } catch (VirtException e) {
            if (e.code() != ErrorCode.NO_SUPPORT) {
                throw e;
            }
            if (completed) {
                throw Errors.of("Optional flags or --rawstats are not supported by the daemon", e);
            }
            JobInfoReport.of(domain.jobInfo()).lines().forEach(System.out::println);
            return;
        }
        JobInfoReport.of(stats, completed).lines().forEach(System.out::println);
    }
}
