package io.virtkit.xen.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.xen.internal.channel.ShellQuoting;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/**
 * What {@code xl create}'s daemon logged about a domain, in {@code /var/log/xen/xl-NAME.log} (the previous run's in
 * {@code .1}): "Waiting for domain NAME (domid N) to die" once the create finished, "Domain N has shut down, reason
 * code R" when the guest shut down, crashed or was saved (before xl destroys it, often too fast for a poll to see
 * the domain's {@code s} flag). A domain {@code xl destroy} ended has no such line. Read only when a poll needs it.
 *
 * <p>In the same round trip: whether an {@code xl create} (restore, migrate-receive) runs on the host, building a
 * domain. That one is an {@code xl} process that is no session leader: the daemon an {@code xl create} leaves to
 * wait for its domain has made itself one ({@code daemon(3)}), the xl a shell or script runs has not.
 */
final class XlDaemonLogs implements XenDomainChanges.DaemonLogs {

    static final String LOG_DIR = "/var/log/xen";
    private static final String MARK = "@@VIRTKIT-DOMID ";
    private static final String BUILDING = "@@VIRTKIT-XL-BUILDING ";
    /** Prints BUILDING yes|no: an xl create/restore/migrate-receive that is no session leader (stat fields 1 and 6). */
    private static final String BUILDING_SCRIPT = "b=no; for d in /proc/[0-9]*; do read -r s 2>/dev/null <$d/stat "
            + "|| continue; set -- $s; [ \"$2\" = '(xl)' ] && [ \"$1\" != \"$6\" ] || continue; "
            + "case \" $(tr '\\0' ' ' 2>/dev/null <$d/cmdline) \" in *' create '*|*' restore '*|"
            + "*' migrate-receive '*) b=yes ;; esac; done; echo \"" + BUILDING + "$b\"";
    private static final Pattern SHUT_DOWN = Pattern.compile("^Domain (\\d+) has shut down, reason code (\\d+)");

    private final XlToolstack xl;

    XlDaemonLogs(XlToolstack xl) {
        this.xl = xl;
    }

    @Override
    public XenDomainChanges.DaemonReport read(Map<Integer, String> namesById) {
        StringBuilder script = new StringBuilder();
        namesById.forEach((id, name) -> {
            String log = LOG_DIR + "/xl-" + name + ".log";
            script.append("echo '").append(MARK).append(id).append("'; cat ").append(ShellQuoting.quote(log + ".1"))
                    .append(' ').append(ShellQuoting.quote(log)).append(" 2>/dev/null | grep -F -e ")
                    .append(ShellQuoting.quote("(domid " + id + ") to die")).append(" -e ")
                    .append(ShellQuoting.quote("Domain " + id + " has shut down, reason code ")).append("; ");
        });
        script.append(BUILDING_SCRIPT);
        return parse(xl.checked("reading xl's domain logs", script.toString(), new byte[0], xl.timeout()));
    }

    /**
     * The answer of {@link #read}'s script: per domain id, whether its create finished and its shutdown reason; and
     * whether xl was building a domain.
     */
    static XenDomainChanges.DaemonReport parse(String output) {
        Map<Integer, XenDomainChanges.DaemonLog> logs = new HashMap<>();
        boolean building = false;
        int id = -1;
        for (String line : output.split("\n")) {
            if (line.startsWith(BUILDING)) {
                building = line.substring(BUILDING.length()).strip().equals("yes");
                id = -1;
                continue;
            }
            if (line.startsWith(MARK)) {
                id = Integer.parseInt(line.substring(MARK.length()).strip());
                continue;
            }
            if (id < 0) {
                continue;
            }
            XenDomainChanges.DaemonLog log = logs.getOrDefault(id, XenDomainChanges.DaemonLog.NONE);
            Matcher m = SHUT_DOWN.matcher(line);
            if (m.find() && Integer.parseInt(m.group(1)) == id) {
                logs.put(id, new XenDomainChanges.DaemonLog(log.created(), Integer.parseInt(m.group(2))));
            } else if (line.contains("(domid " + id + ") to die")) {
                logs.put(id, new XenDomainChanges.DaemonLog(true, log.shutdownReason()));
            }
        }
        return new XenDomainChanges.DaemonReport(logs, building);
    }
}
