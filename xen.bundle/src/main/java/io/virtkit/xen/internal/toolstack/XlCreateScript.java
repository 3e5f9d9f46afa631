package io.virtkit.xen.internal.toolstack;

/**
 * The shell script that runs {@code xl create} on the host so that the host, not the SSH session, decides how it
 * ends. The configuration arrives on stdin into a file of its own; xl's output goes to files, shown once it ended.
 * The script ignores SIGHUP and SIGPIPE, so a lost SSH session (the script's pipes closed, or the server gone) does
 * not stop it half-way: xl either finishes the domain, or fails and the script runs {@code onFailure} (destroy what
 * is left of the domain, remove its live file) itself. The driver, whose channel is gone, cannot clean up then.
 */
final class XlCreateScript {
    private XlCreateScript() {
    }

    /** Marks the line after xl's output that names the new domain's id. */
    static final String DOMID_MARKER = "@@VIRTKIT-DOMID ";

    /** The script; {@code onFailure} is a shell line run when xl fails (may be empty). */
    static String of(boolean paused, String onFailure) {
        return of(paused, "", onFailure, null);
    }

    /**
     * The script, running {@code prelude} (a shell line, may be empty) first — in the same round trip — and, when
     * {@code name} is given, printing the new domain's id after {@link #DOMID_MARKER}.
     */
    static String of(boolean paused, String prelude, String onFailure, String name) {
        String cleanup = onFailure.isBlank() ? ":" : onFailure;
        String domid = name == null ? ""
                : " [ $rc -eq 0 ] && echo \"" + DOMID_MARKER + "$(xl domid " + io.virtkit.xen.internal.channel.ShellQuoting
                        .quote(name) + " 2>/dev/null)\";";
        return "trap '' HUP PIPE; " + (prelude.isBlank() ? "" : "{ " + prelude + "\n} || exit 1; ")
                + "d=$(mktemp -d /tmp/virtkit-xl.XXXXXX) || exit 1; cat > \"$d/cfg\";"
                + " xl create " + (paused ? "-p " : "") + "\"$d/cfg\" </dev/null >\"$d/out\" 2>\"$d/err\"; rc=$?;"
                + " if [ $rc -ne 0 ]; then (" + cleanup + ") </dev/null >/dev/null 2>&1; fi;"
                + " cat \"$d/out\"; cat \"$d/err\" >&2; rm -rf \"$d\";" + domid + " exit $rc";
    }
}
