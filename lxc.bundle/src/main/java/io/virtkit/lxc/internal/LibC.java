package io.virtkit.lxc.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The one libc call Java lacks here: mkfifo(3), for the start handshake and the console input. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int mkfifo(String path, int mode);
}
