package io.virtkit.lxc.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The libc calls Java lacks here: mkfifo(3), for the start handshake and the console input, and mknod(2),
 * for the device nodes of a container's /dev (see {@link DevTemplate}).
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int mkfifo(String path, int mode);

    /** glibc exports mknod itself since 2.33; {@code dev} is a 64-bit dev_t. */
    int mknod(String path, int mode, long dev);
}
