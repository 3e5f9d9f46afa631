package io.virtkit.qemu.internal.caps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Each binary's {@link EmulatorFacts}, probed once per binary path, modification time and accelerator (as
 * libvirt's capabilities cache keys on the binary's ctime): an upgraded binary is probed again, an unchanged
 * one never. Callers asking at once for a binary not probed yet share one probe. A failed probe is not kept:
 * the next call tries again.
 */
final class EmulatorFactsCache {

    private record Key(String binary, FileTime modified, String accel) {
    }

    private final Map<Key, CompletableFuture<EmulatorFacts>> probed = new ConcurrentHashMap<>();
    private final AtomicInteger probes = new AtomicInteger();
    private final Duration timeout;

    EmulatorFactsCache(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The facts of {@code binary} under {@code accel}.
     *
     * @throws VirtException SYSTEM_ERROR when the binary is missing or not executable (libvirt's words),
     *         INTERNAL_ERROR when it does not answer as a QEMU
     */
    EmulatorFacts of(String binary, String accel) {
        Path path = Path.of(binary);
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw VirtException.withMessage(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "Cannot check QEMU binary " + binary + ": No such file or directory");
        }
        if (!Files.isExecutable(path) || Files.isDirectory(path)) {
            throw VirtException.withMessage(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                    "QEMU binary " + binary + " is not executable: Permission denied");
        }
        Key key = new Key(binary, modified, accel);
        CompletableFuture<EmulatorFacts> mine = new CompletableFuture<>();
        CompletableFuture<EmulatorFacts> known = probed.putIfAbsent(key, mine);
        if (known == null) {
            // an older version of the binary is of no use any more
            probed.keySet().removeIf(k -> k.binary().equals(binary) && !k.modified().equals(modified));
            try {
                probes.incrementAndGet();
                mine.complete(EmulatorProbe.probe(binary, accel, timeout));
            } catch (RuntimeException e) {
                probed.remove(key, mine);
                mine.completeExceptionally(e);
            }
            known = mine;
        }
        try {
            return known.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** How many probes have run: each is a QEMU started (tests check that a cached binary is not asked again). */
    int probes() {
        return probes.get();
    }
}
