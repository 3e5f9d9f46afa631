package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.api.NodeInfo;

/** The host as /proc describes it, for virNodeGetInfo, the version and the capabilities XML. */
final class HostFacts {
    private HostFacts() {
    }

    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    static NodeInfo nodeInfo() {
        int mhz = 0;
        for (String line : read(Path.of("/proc/cpuinfo")).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("cpu MHz") && mhz == 0) {
                try {
                    mhz = (int) Double.parseDouble(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    // keep 0
                }
            }
        }
        long memKiB = 0;
        for (String line : read(Path.of("/proc/meminfo")).split("\n")) {
            if (line.startsWith("MemTotal:")) {
                memKiB = Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return new NodeInfo(System.getProperty("os.arch", "x86_64").replace("amd64", "x86_64"), memKiB, cpus, mhz,
                1, 1, cpus, 1);
    }

    /** The running kernel's version, libvirt-encoded: what libvirt's LXC driver reports as its version. */
    static long kernelVersion() {
        return encode(read(Path.of("/proc/sys/kernel/osrelease")).strip());
    }

    static long encode(String release) {
        Matcher m = RELEASE.matcher(release);
        if (!m.find()) {
            return 0;
        }
        long micro = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1_000 + micro;
    }

    /** What this driver runs: exe (container) guests of type lxc on the host's architecture. */
    static String capabilities() {
        String arch = System.getProperty("os.arch", "x86_64").replace("amd64", "x86_64");
        return """
                <capabilities>
                  <host>
                    <cpu>
                      <arch>%1$s</arch>
                    </cpu>
                  </host>
                  <guest>
                    <os_type>exe</os_type>
                    <arch name='%1$s'>
                      <wordsize>64</wordsize>
                      <emulator>/usr/bin/unshare</emulator>
                      <domain type='lxc'/>
                    </arch>
                  </guest>
                </capabilities>
                """.formatted(arch);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
