package io.virtkit.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jline.utils.NonBlockingInputStream;

import io.virtkit.api.ConsoleStream;

/**
 * Joins a user's keyboard and screen to a guest console, as virsh console does: what the guest writes is
 * copied to the screen by a pump thread, what the user types is copied to the guest by the calling thread,
 * until the user types the escape character (Ctrl-], 0x1d, which never reaches the guest), the guest's
 * stream ends, or the keyboard does. The keyboard is read with a timeout so that the calling thread notices
 * a guest that went away without stealing a keystroke from the shell afterwards.
 */
final class ConsoleBridge {

    /** virsh's default escape character, ^] (Ctrl + ]). */
    static final int ESCAPE = 0x1d;

    /** Why the session ended. */
    enum End {
        /** The user typed the escape character. */
        ESCAPE,
        /** The guest's console stream ended (the guest stopped, or its console was taken over). */
        GUEST_CLOSED,
        /** The user's keyboard stream ended (the shell session closed). */
        KEYBOARD_CLOSED
    }

    /** How long one keyboard read waits before looking whether the guest side has ended. */
    private static final long POLL_MILLIS = 50;

    private static final int TIMED_OUT = -2;

    private ConsoleBridge() {
    }

    /**
     * Pumps both ways until one of the {@link End}s, then closes {@code guest} (detaching; the guest keeps
     * running) and waits briefly for the pump thread.
     */
    static End run(ConsoleStream guest, InputStream keyboard, OutputStream screen) throws InterruptedException {
        AtomicBoolean guestEnded = new AtomicBoolean();
        AtomicBoolean detached = new AtomicBoolean();
        Thread pump = new Thread(() -> pumpGuestOutput(guest.input(), screen, guestEnded, detached),
                "virt-console-output");
        pump.setDaemon(true);
        pump.start();
        End end;
        try {
            end = pumpKeyboard(keyboard, guest.output(), guestEnded);
        } finally {
            detached.set(true);
            guest.close();
            pump.join(TimeUnit.SECONDS.toMillis(2));
            if (pump.isAlive()) {
                // A driver whose stream ignores close(): interrupting is all that is left; the thread is a daemon.
                pump.interrupt();
            }
        }
        return end;
    }

    private static void pumpGuestOutput(InputStream fromGuest, OutputStream screen, AtomicBoolean guestEnded,
            AtomicBoolean detached) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = fromGuest.read(buffer)) >= 0) {
                if (detached.get()) {
                    // A read that close() could not unblock (a pty read on Linux) returned after the detach:
                    // the screen belongs to the shell again, so the late output must not land on its prompt.
                    break;
                }
                screen.write(buffer, 0, n);
                screen.flush();
            }
        } catch (IOException e) {
            // The stream broke (closed on detach, or the guest went away): either way this direction is over.
        } finally {
            guestEnded.set(true);
        }
    }

    private static End pumpKeyboard(InputStream keyboard, OutputStream toGuest, AtomicBoolean guestEnded)
            throws InterruptedException {
        while (!guestEnded.get()) {
            int key;
            try {
                key = read(keyboard);
            } catch (IOException e) {
                return End.KEYBOARD_CLOSED;
            }
            if (key == TIMED_OUT) {
                continue;
            }
            if (key < 0) {
                return End.KEYBOARD_CLOSED;
            }
            if (key == ESCAPE) {
                return End.ESCAPE;
            }
            try {
                toGuest.write(key);
                toGuest.flush();
            } catch (IOException e) {
                return End.GUEST_CLOSED;
            }
        }
        return End.GUEST_CLOSED;
    }

    /**
     * One byte of keyboard input, or {@link #TIMED_OUT}. JLine's terminal input (Karaf's keyboard) reads
     * with a timeout; any other stream is polled through {@code available()}.
     */
    private static int read(InputStream keyboard) throws IOException, InterruptedException {
        if (keyboard instanceof NonBlockingInputStream nonBlocking) {
            int key = nonBlocking.read(POLL_MILLIS);
            return key == NonBlockingInputStream.READ_EXPIRED ? TIMED_OUT : key;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS);
        while (keyboard.available() <= 0) {
            if (System.nanoTime() - deadline >= 0) {
                return TIMED_OUT;
            }
            Thread.sleep(5);
        }
        return keyboard.read();
    }
}
