package io.virtkit.shell.internal;

/** Small printing helpers shared by the commands. */
final class Output {

    private Output() {
    }

    /** Prints a multi-line text (an XML document) ending in exactly one newline. */
    static void printBlock(String text) {
        System.out.print(text.endsWith("\n") ? text : text + "\n");
    }
}
