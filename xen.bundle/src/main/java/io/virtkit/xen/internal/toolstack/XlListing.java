package io.virtkit.xen.internal.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.api.DomainState;

/**
 * One row of {@code xl list -v}: a domain the hypervisor runs now.
 *
 * @param name       its name
 * @param id         its domain id
 * @param memoryMiB  its current memory
 * @param vcpus      its online vCPUs
 * @param stateFlags xl's six state letters ({@code r} running, {@code b} blocked, {@code p} paused, {@code s} shut
 *                   down, {@code c} crashed, {@code d} dying), {@code -} where a flag is off
 * @param cpuSeconds CPU time used
 * @param uuid       its UUID
 */
public record XlListing(String name, int id, long memoryMiB, int vcpus, String stateFlags, double cpuSeconds,
        UUID uuid) {

    /** The name Xen's own domain has. */
    public static final String DOM0 = "Domain-0";

    public boolean paused() {
        return stateFlags.indexOf('p') >= 0;
    }

    public boolean crashed() {
        return stateFlags.indexOf('c') >= 0;
    }

    /** Shut down or dying: on its way out, not yet reaped (xl shows it as {@code (null)} a moment). */
    public boolean ending() {
        return stateFlags.indexOf('s') >= 0 || stateFlags.indexOf('d') >= 0 || name.equals("(null)");
    }

    /** libvirt's state for it: running and blocked (idle) guests are running, as libvirt's libxl driver says. */
    public DomainState state() {
        if (crashed()) {
            return DomainState.CRASHED;
        }
        if (ending()) {
            return DomainState.SHUTDOWN;
        }
        if (paused()) {
            return DomainState.PAUSED;
        }
        return DomainState.RUNNING;
    }

    /**
     * The rows of {@code xl list -v} output. Columns are read from the right (a name may hold spaces): ID, Mem,
     * VCPUs, State, Time(s), UUID, Reason-Code, Security Label.
     */
    public static List<XlListing> parse(String output) {
        List<XlListing> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length < 9 || words[0].equals("Name")) {
                continue;
            }
            int n = words.length;
            String name = String.join(" ", java.util.Arrays.copyOfRange(words, 0, n - 8));
            try {
                rows.add(new XlListing(name, Integer.parseInt(words[n - 8]), Long.parseLong(words[n - 7]),
                        Integer.parseInt(words[n - 6]), words[n - 5], Double.parseDouble(words[n - 4]),
                        UUID.fromString(words[n - 3])));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unexpected line from 'xl list -v': " + line, e);
            }
        }
        return rows;
    }
}
