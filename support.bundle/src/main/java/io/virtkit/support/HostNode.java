package io.virtkit.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.api.NodeInfo;

/**
 * The host as the drivers report it: its name ({@code virConnectGetHostname}) and, as Linux's /proc
 * describes it, libvirt's {@code virNodeGetInfo} (from {@code /proc/cpuinfo} and {@code /proc/meminfo}),
 * the host architecture and the kernel version. What cannot be read counts as unknown (0), never as an error: node info is
 * informative, and a host without /proc still runs guests.
 */
public final class HostNode {
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private HostNode() {
    }

    /**
     * The host's name as the resolver knows it, else {@code $HOSTNAME}, else "localhost": never fails, as
     * libvirt's {@code virGetHostname} falls back rather than failing a connection.
     */
    public static String hostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (UnknownHostException | SecurityException e) {
            // fall through to the environment
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }

    /** The host's architecture as libvirt names it ({@code x86_64}, {@code aarch64}), from the JVM's os.arch. */
    public static String arch() {
        return System.getProperty("os.arch", "x86_64").replace("amd64", "x86_64");
    }

    /**
     * This host's node info, reported as one NUMA node and one socket whose cores are the CPUs the JVM
     * may use.
     *
     * @param cpuModel what to report as the CPU model (libvirt reports the architecture)
     */
    public static NodeInfo nodeInfo(String cpuModel) {
        return nodeInfo(cpuModel, read(Path.of("/proc/cpuinfo")), read(Path.of("/proc/meminfo")),
                Runtime.getRuntime().availableProcessors());
    }

    /** Node info from the text of /proc/cpuinfo (the first "cpu MHz") and /proc/meminfo (MemTotal). */
    static NodeInfo nodeInfo(String cpuModel, String cpuinfo, String meminfo, int cpus) {
        int mhz = 0;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && mhz == 0 && line.substring(0, colon).trim().equals("cpu MHz")) {
                try {
                    mhz = (int) Double.parseDouble(line.substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    // keep 0: the next CPU's line may do
                }
            }
        }
        long memKiB = 0;
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                memKiB = Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return new NodeInfo(cpuModel, memKiB, cpus, mhz, 1, 1, cpus, 1);
    }

    /** The running kernel's version, libvirt-encoded (what libvirt's LXC driver reports as its version). */
    public static long kernelVersion() {
        return encodeRelease(read(Path.of("/proc/sys/kernel/osrelease")).strip());
    }

    /** A kernel release ("6.1.0-13-amd64") as libvirt encodes versions: major * 1,000,000 + minor * 1,000 + micro; 0 when unreadable. */
    public static long encodeRelease(String release) {
        Matcher m = RELEASE.matcher(release);
        if (!m.find()) {
            return 0;
        }
        long micro = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1_000 + micro;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
