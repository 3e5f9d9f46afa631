package io.virtkit.lxc.internal.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where this process's control groups are, detected at runtime from {@code /proc/self/mountinfo} and
 * {@code /proc/self/cgroup}: cgroup v1 (a hierarchy per controller, each with its own path for us: on
 * this kind of host the memory group may be nested, e.g. {@code /process_api/ID}, while the others are
 * {@code /}) or the unified v2 hierarchy. A hybrid host (v1 controllers plus an empty v2 mount, as
 * systemd's "hybrid" mode) counts as v1, because that is where the controllers are.
 *
 * <p>Containers' groups go below our own group in each hierarchy (v1), or next to it on v2, where the
 * "no internal processes" rule forbids controllers in a group that holds processes (ours).
 */
public final class CgroupLayout {

    /** The v1 controllers a container's group uses (cpuset needs set-up we do not do yet). */
    public static final List<String> V1_CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids", "freezer",
            "devices");

    private final int version;
    /** v1: controller -> our group's directory in its hierarchy. */
    private final Map<String, Path> ownV1;
    /** v1: controller -> the hierarchy's mount point. */
    private final Map<String, Path> mountsV1;
    /** v2: the unified mount point and our group's directory in it. */
    private final Path unifiedMount;
    private final Path ownV2;

    private CgroupLayout(int version, Map<String, Path> ownV1, Map<String, Path> mountsV1, Path unifiedMount,
            Path ownV2) {
        this.version = version;
        this.ownV1 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ownV1));
        this.mountsV1 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mountsV1));
        this.unifiedMount = unifiedMount;
        this.ownV2 = ownV2;
    }

    /** This process's layout. */
    public static CgroupLayout detect() {
        try {
            return parse(Files.readString(Path.of("/proc/self/mountinfo")),
                    Files.readString(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new CgroupException("Unable to read this process's cgroups: " + e.getMessage(), e);
        }
    }

    /**
     * The layout that {@code mountinfo} and {@code procCgroup} (the texts of /proc/self/mountinfo and
     * /proc/self/cgroup) describe.
     *
     * @throws CgroupException when neither a v1 controller nor a v2 hierarchy is mounted
     */
    public static CgroupLayout parse(String mountinfo, String procCgroup) {
        Map<String, String> ownPaths = new LinkedHashMap<>(); // "memory" or "" (v2) -> path
        for (String line : procCgroup.split("\n")) {
            String[] f = line.strip().split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[1].isEmpty()) {
                ownPaths.put("", f[2]);
            } else {
                for (String c : f[1].split(",")) {
                    ownPaths.put(c, f[2]);
                }
            }
        }
        Map<String, Path> own = new LinkedHashMap<>();
        Map<String, Path> mounts = new LinkedHashMap<>();
        Path unified = null;
        String unifiedRoot = "/";
        for (String line : mountinfo.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            String root = unescape(left[3]);
            Path mountPoint = Path.of(unescape(left[4]));
            if (right[0].equals("cgroup2")) {
                if (unified == null || mountPoint.equals(Path.of("/sys/fs/cgroup"))) {
                    unified = mountPoint;
                    unifiedRoot = root;
                }
            } else if (right[0].equals("cgroup")) {
                for (String opt : right[2].split(",")) {
                    if (V1_CONTROLLERS.contains(opt) && ownPaths.containsKey(opt)) {
                        mounts.put(opt, mountPoint);
                        own.put(opt, below(mountPoint, root, ownPaths.get(opt)));
                    }
                }
            }
        }
        if (!own.isEmpty()) {
            return new CgroupLayout(1, own, mounts, null, null);
        }
        if (unified != null && ownPaths.containsKey("")) {
            return new CgroupLayout(2, Map.of(), Map.of(), unified, below(unified, unifiedRoot, ownPaths.get("")));
        }
        throw new CgroupException("Unable to find any cgroup controller: neither cgroup v1 controllers nor a "
                + "cgroup v2 hierarchy is mounted");
    }

    /** A group path as /proc/self/cgroup gives it, inside a hierarchy mounted from {@code root}. */
    private static Path below(Path mountPoint, String root, String path) {
        String rel = path;
        if (!root.equals("/") && (rel.equals(root) || rel.startsWith(root + "/"))) {
            rel = rel.substring(root.length());
        }
        rel = rel.replaceFirst("^/+", "");
        return rel.isEmpty() ? mountPoint : mountPoint.resolve(rel);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public int version() {
        return version;
    }

    /** v1: our group's directory per controller (empty on v2). */
    public Map<String, Path> ownV1() {
        return ownV1;
    }

    /** v2: our group's directory (null on v1). */
    public Path ownV2() {
        return ownV2;
    }

    /**
     * The group of a container at {@code relative} (e.g. {@code virtkit/lxc/NAME}): on v1 below our group
     * in each controller's hierarchy, on v2 below our group's parent (or the root, when we are in it).
     */
    public ContainerCgroup forContainer(String relative) {
        Objects.requireNonNull(relative, "relative");
        if (version == 1) {
            Map<String, Path> dirs = new LinkedHashMap<>();
            ownV1.forEach((c, own) -> dirs.put(c, own.resolve(relative)));
            return new CgroupV1(dirs);
        }
        Path base = ownV2.equals(unifiedMount) ? unifiedMount : ownV2.getParent();
        return new CgroupV2(base, base.resolve(relative));
    }

    /**
     * The group recorded as {@code directories} (by {@link ContainerCgroup#directories()}), for a driver
     * instance that finds a container again: on v1 each directory belongs to the controllers whose
     * hierarchy it lies in.
     */
    public ContainerCgroup reopen(List<Path> directories) {
        if (version == 1) {
            Map<String, Path> dirs = new LinkedHashMap<>();
            for (Path dir : directories) {
                mountsV1.forEach((c, mount) -> {
                    if (dir.startsWith(mount)) {
                        dirs.put(c, dir);
                    }
                });
            }
            return new CgroupV1(dirs);
        }
        Path dir = directories.get(0);
        return new CgroupV2(dir, dir);
    }

    @Override
    public String toString() {
        return version == 1 ? "CgroupLayout[v1 " + ownV1 + "]" : "CgroupLayout[v2 " + ownV2 + "]";
    }
}
