package io.virtkit.lxc.internal.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The v1 kill loop on a directory layout, with a fake "kernel": processes opened and signalled through
 * {@link ProcessOpener}, cgroup.procs files that the test rewrites as processes come and go. What it
 * proves: only a process the group still lists after it was opened is signalled, so a pid that left the
 * group and went to another process between the listing and the kill is never signalled.
 */
class CgroupV1KillTest {

    private Path root;
    private Path memory;
    private Path freezer;
    private CgroupV1 group;
    private final List<Long> opened = new ArrayList<>();
    private final List<Long> signalled = new ArrayList<>();
    /** What the fake kernel does when the loop opens a pid: the test's scenario. */
    private LongConsumer onOpen = pid -> {
    };

    @BeforeEach
    void layout() throws IOException {
        root = Files.createTempDirectory("virtkit-cgv1");
        memory = Files.createDirectories(root.resolve("memory/virtkit/c1"));
        freezer = Files.createDirectories(root.resolve("freezer/virtkit/c1"));
        Files.writeString(freezer.resolve("freezer.state"), "THAWED\n");
        Map<String, Path> dirs = new LinkedHashMap<>();
        dirs.put("memory", memory);
        dirs.put("freezer", freezer);
        group = new CgroupV1(dirs, this::open);
    }

    @AfterEach
    void removeLayout() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Optional<ProcessOpener.Opened> open(long pid) {
        opened.add(pid);
        onOpen.accept(pid);
        return Optional.of(new ProcessOpener.Opened() {
            @Override
            public boolean kill() {
                assertThat(group.isFrozen()).as("signalled while frozen").isTrue();
                signalled.add(pid);
                leave(pid); // the kernel: a killed task leaves its groups
                return true;
            }

            @Override
            public void close() {
            }
        });
    }

    private void list(Path dir, Long... pids) {
        try {
            Files.writeString(dir.resolve("cgroup.procs"),
                    Stream.of(pids).map(p -> p + "\n").collect(Collectors.joining()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void leave(long pid) {
        for (Path dir : List.of(memory, freezer)) {
            Set<Long> left = CgroupFiles.pids(dir.resolve("cgroup.procs"));
            left.remove(pid);
            list(dir, left.toArray(Long[]::new));
        }
    }

    @Test
    void aPidThatLeftTheGroupAfterTheListingIsNeverSignalled() throws IOException {
        list(memory, 111L, 222L);
        list(freezer, 111L, 222L);
        // 222 was exiting (past the freezer): once we have read the list it is reaped, and its pid goes
        // to a process outside the group before our handle on the pid is opened
        onOpen = pid -> {
            if (pid == 222) {
                leave(222);
            }
        };

        group.killAll(Duration.ofSeconds(10));

        assertThat(opened).contains(111L, 222L);
        assertThat(signalled).containsExactly(111L);
        assertThat(group.processes()).isEmpty();
        assertThat(Files.readString(freezer.resolve("freezer.state")).strip()).isEqualTo("THAWED");
    }

    @Test
    void theFrozenGroupIsKilledFirstAndOtherHierarchiesStragglersAfter() {
        list(freezer, 111L);
        list(memory, 111L, 333L); // 333: in the memory group only (its move into the freezer's still under way)

        group.killAll(Duration.ofSeconds(10));

        assertThat(signalled).containsExactly(111L, 333L);
        assertThat(group.processes()).isEmpty();
    }

    @Test
    void aGroupRemovedWhileItIsBeingKilledHasNoProcessLeft() throws IOException {
        list(memory, 111L);
        list(freezer, 111L);
        // the exit handler's cleanup saw it empty and removed it: our second listing finds no file
        onOpen = pid -> removeLayout(root.resolve("memory"), root.resolve("freezer"));

        group.killAll(Duration.ofSeconds(10));

        assertThat(signalled).isEmpty();
        assertThat(group.exists()).isFalse();
        assertThat(group.processes()).isEmpty();
    }

    @Test
    void aGroupThatIsGoneAlreadyIsNothingToKill() throws IOException {
        removeLayout(root.resolve("memory"), root.resolve("freezer"));

        group.killAll(Duration.ofSeconds(10));

        assertThat(opened).isEmpty();
    }

    private static void removeLayout(Path... trees) {
        for (Path tree : trees) {
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
