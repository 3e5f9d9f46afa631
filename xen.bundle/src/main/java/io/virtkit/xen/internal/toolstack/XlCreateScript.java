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

    /** The script; {@code onFailure} is a shell line run when xl fails (may be empty). */
    static String of(boolean paused, String onFailure) {
        String cleanup = onFailure.isBlank() ? ":" : onFailure;
        return "trap '' HUP PIPE; d=$(mktemp -d /tmp/virtkit-xl.XXXXXX) || exit 1; cat > \"$d/cfg\";"
                + " xl create " + (paused ? "-p " : "") + "\"$d/cfg\" </dev/null >\"$d/out\" 2>\"$d/err\"; rc=$?;"
                + " if [ $rc -ne 0 ]; then (" + cleanup + ") </dev/null >/dev/null 2>&1; fi;"
                + " cat \"$d/out\"; cat \"$d/err\" >&2; rm -rf \"$d\"; exit $rc";
    }
}
