package io.virtkit.cluster.internal.membership;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;

/**
 * The figures this host publishes about itself, measured on its inventoried connections (config {@code uris},
 * opened through the ConnectionFactory, kept open, reopened after a failure): CPUs and memory from the first
 * connection's node info (memory: {@code guestMemoryKiB} when configured), free memory = that minus the current
 * memory of every running domain of these connections, the one-minute load, the cluster guests held here.
 */
final class HostFigures implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostFigures.class);

    /** What changes; compared to decide whether the record must be rewritten. */
    record Figures(List<String> hypervisors, int cpus, long memoryKiB, long freeMemoryKiB, double load,
            int runningGuests) {
    }

    private final ConnectionFactory factory;
    private final List<String> uris;
    private final long guestMemoryKiB;
    private final IntSupplier runningGuests;
    private final Map<String, Connection> open = new LinkedHashMap<>();
    private final Map<String, String> lastFailure = new LinkedHashMap<>();

    HostFigures(ConnectionFactory factory, List<String> uris, long guestMemoryKiB, IntSupplier runningGuests) {
        this.factory = factory;
        this.uris = List.copyOf(uris);
        this.guestMemoryKiB = guestMemoryKiB;
        this.runningGuests = runningGuests;
    }

    /** Measures now (called on the membership's one timer thread). */
    synchronized Figures measure() {
        NodeInfo node = null;
        long used = 0;
        for (String uri : uris) {
            Connection c = connection(uri);
            if (c == null) {
                continue;
            }
            try {
                if (node == null) {
                    node = c.nodeInfo();
                }
                for (Domain d : c.listAllDomains(DomainListFlag.ACTIVE)) {
                    used += d.info().memoryKiB();
                }
            } catch (VirtException e) {
                failed(uri, e);
            }
        }
        int cpus = node != null ? node.cpus() : Runtime.getRuntime().availableProcessors();
        long memory = guestMemoryKiB > 0 ? guestMemoryKiB : node != null ? node.memoryKiB() : memTotalKiB();
        return new Figures(uris, cpus, memory, Math.max(0, memory - used), load(), runningGuests.getAsInt());
    }

    private Connection connection(String uri) {
        Connection c = open.get(uri);
        if (c != null) {
            return c;
        }
        try {
            c = factory.open(uri);
            open.put(uri, c);
            if (lastFailure.remove(uri) != null) {
                LOG.info("cluster: connection {} open again", uri);
            }
            return c;
        } catch (VirtException e) {
            if (!e.getMessage().equals(lastFailure.put(uri, e.getMessage()))) {
                LOG.warn("cluster: cannot open {} for this host's figures: {}", uri, e.getMessage());
            }
            return null;
        }
    }

    private void failed(String uri, VirtException e) {
        LOG.warn("cluster: {} failed while measuring this host: {}", uri, e.getMessage());
        Connection c = open.remove(uri);
        closeQuietly(c);
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long memTotalKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return Runtime.getRuntime().maxMemory() / 1024;
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (VirtException e) {
            // already gone
        }
    }

    @Override
    public synchronized void close() {
        new ArrayList<>(open.values()).forEach(HostFigures::closeQuietly);
        open.clear();
    }
}
