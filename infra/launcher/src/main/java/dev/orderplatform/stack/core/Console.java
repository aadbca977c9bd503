package dev.orderplatform.stack.core;

import java.io.PrintStream;

/** The launcher's output to its user: one place, so tests and scripts can rely on its shape. */
public final class Console {

    private static final PrintStream OUT = System.out;
    private static final PrintStream ERR = System.err;

    private Console() {
    }

    public static synchronized void line(String format, Object... args) {
        OUT.println(args.length == 0 ? format : String.format(format, args));
    }

    public static synchronized void error(String format, Object... args) {
        ERR.println(args.length == 0 ? format : String.format(format, args));
    }

    public static synchronized void raw(String text) {
        OUT.print(text);
        OUT.flush();
    }
}
