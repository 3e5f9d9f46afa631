package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** QEMU's version from {@code qemu-system-… -version}, in libvirt's encoding (7.2.22 → 7002022). */
final class QemuVersion {
    private static final Pattern VERSION = Pattern.compile("version (\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private QemuVersion() {
    }

    /** The version of {@code emulator}, or 0 when it cannot be run. */
    static long of(String emulator) {
        try {
            Process p = new ProcessBuilder(emulator, "-version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return parse(out);
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    static long parse(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            return 0;
        }
        long micro = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1_000 + micro;
    }
}
