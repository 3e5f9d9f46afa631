package io.virtkit.xen.internal.channel;

import java.util.UUID;

/**
 * A command line run over SSH so that everything it starts can be found and stopped later: an SSH server does not
 * stop a command when its channel closes (dropbear leaves it running, OpenSSH only closes its pipes), so a timed-out
 * or abandoned command would run on. The command runs with a variable {@code VIRTKIT_RUN=<tag>} in its environment,
 * which every process it starts inherits (also ones that leave its process group); {@link #killLine()} kills all
 * processes of the user whose environment holds the tag.
 */
record TaggedCommand(String tag, String command) {

    static TaggedCommand of(String command) {
        return new TaggedCommand("virtkit-" + UUID.randomUUID(), command);
    }

    /** The line to execute: the command under {@code /bin/sh} with the tag in its environment. */
    String line() {
        return "exec env VIRTKIT_RUN=" + tag + " /bin/sh -c " + ShellQuoting.quote(command);
    }

    /**
     * A line that kills every process carrying the tag, repeated while any is left (one may fork while it is
     * killed); it exits 0 once none is left. {@code /proc/PID/environ} is the environment a process started with.
     */
    String killLine() {
        return "for i in 1 2 3 4 5 6 7 8 9 10; do p=$(grep -l 'VIRTKIT_RUN=" + tag + "' /proc/[0-9]*/environ"
                + " 2>/dev/null | cut -d/ -f3); [ -n \"$p\" ] || exit 0; kill -9 $p 2>/dev/null; sleep 0.2; done;"
                + " exit 1";
    }
}
