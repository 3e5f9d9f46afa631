package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.virtkit.api.NodeInfo;

/** The host as /proc describes it, for virNodeGetInfo and the capabilities XML. */
final class HostFacts {
    private HostFacts() {
    }

    static NodeInfo nodeInfo() {
        String cpuinfo = read(Path.of("/proc/cpuinfo"));
        String model = "x86_64";
        int mhz = 0;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if ("cpu MHz".equals(key) && mhz == 0) {
                try {
                    mhz = (int) Double.parseDouble(value);
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
        return new NodeInfo(model, memKiB, cpus, mhz, 1, 1, cpus, 1);
    }

    /** A small capabilities document: what this driver can run (x86_64 hvm guests, TCG and KVM). */
    static String capabilities(String emulator) {
        return """
                <capabilities>
                  <host>
                    <cpu>
                      <arch>x86_64</arch>
                    </cpu>
                  </host>
                  <guest>
                    <os_type>hvm</os_type>
                    <arch name='x86_64'>
                      <wordsize>64</wordsize>
                      <emulator>%s</emulator>
                      <domain type='qemu'/>
                      <domain type='kvm'/>
                    </arch>
                  </guest>
                </capabilities>
                """.formatted(emulator.replace("&", "&amp;").replace("<", "&lt;"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
