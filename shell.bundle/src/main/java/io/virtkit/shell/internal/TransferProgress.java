package io.virtkit.shell.internal;

import java.io.PrintStream;
import java.util.Locale;

import org.apache.karaf.shell.api.console.Session;

/**
 * The progress line of a long verb (upload, download, clone, wipe, migrate): "\rUpload: [ 42 %]" rewritten in place
 * as virsh's job progress is, on a terminal only. Into a pipe or a file (bin/client, scripts) it prints nothing,
 * so the command's output stays what virsh prints there. Updates are shown when the percentage changes.
 */
final class TransferProgress implements AutoCloseable {

    private final String label;
    private final PrintStream out;
    private long total;
    private int shown = -1;
    private boolean printed;

    private TransferProgress(String label, PrintStream out, long total) {
        this.label = label;
        this.out = out;
        this.total = total;
    }

    /** A progress line for {@code total} bytes (0: unknown, shown as the bytes done) when the session is a terminal. */
    static TransferProgress of(Session session, String label, long total) {
        return new TransferProgress(label, isTerminal(session) ? System.out : null, total);
    }

    /** A progress line written to {@code out} regardless of the terminal (for tests). */
    static TransferProgress to(PrintStream out, String label, long total) {
        return new TransferProgress(label, out, total);
    }

    static boolean isTerminal(Session session) {
        if (session == null || !(session.get(TerminalMode.JLINE_TERMINAL) instanceof org.jline.terminal.Terminal t)) {
            return false;
        }
        String type = t.getType();
        return type != null && !type.startsWith("dumb");
    }

    /** Reports that {@code done} bytes of the total are through. */
    void update(long done) {
        if (out == null) {
            return;
        }
        int percent = total <= 0 ? -1 : (int) Math.min(100, done * 100 / total);
        if (percent == shown && total > 0) {
            return;
        }
        shown = percent;
        printed = true;
        out.print(total > 0 ? String.format(Locale.ROOT, "\r%s: [%3d %%]", label, percent)
                : "\r" + label + ": " + VirshSize.format(done));
        out.flush();
    }

    /**
     * Reports progress of a job whose total moves: a migration's grows while the guest dirties memory, and the
     * percentage is of what is known now, as virsh's.
     */
    void update(long done, long newTotal) {
        total = newTotal;
        update(done);
    }

    /** Ends the line, if one was printed. */
    @Override
    public void close() {
        if (printed) {
            out.println();
            out.flush();
        }
    }
}
