package io.virtkit.xen.internal.channel;

/** How a command run on the Xen host ended: its exit code and what it printed. */
public record CommandResult(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** What the command said about its failure: its error output, or its output when it printed no error. */
    public String message() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip();
    }
}
