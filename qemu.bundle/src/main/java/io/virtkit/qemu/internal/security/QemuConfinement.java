package io.virtkit.qemu.internal.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The command that runs a QEMU command line confined, as libvirt's qemu:///system does: in a session of its own
 * ({@code setsid}), with {@code mountNamespace} in a private mount namespace whose /dev is a fresh tmpfs holding
 * only the guest's devices (libvirt's {@code namespaces = ["mount"]}), then as QEMU's user and group with no
 * supplementary group, no capability (effective, permitted, inheritable, ambient, bounding) and no way to gain
 * any ({@code setpriv --no-new-privs}). Every step execs the next, so the pid the daemon started is QEMU's.
 *
 * <p>The new /dev is built at {@code staging} (a root-only directory of the daemon's) and moved over /dev
 * inside the namespace; the host's /dev is untouched. Its nodes are copies of the host's (mknod, as libvirt's):
 * the null, zero, random devices, {@code ptmx} with the host's {@code pts} bound beside it (pty consoles: the
 * kernel finds the pts instance next to the ptmx node opened), {@code shm}, {@code kvm} when present, and the
 * guest's own block devices.
 */
public final class QemuConfinement {

    /** The nodes every guest's /dev holds, when the host has them (libvirt's default cgroup_device_acl). */
    public static final List<String> BASE_DEVICES = List.of("/dev/null", "/dev/full", "/dev/zero", "/dev/random",
            "/dev/urandom", "/dev/ptmx", "/dev/kvm", "/dev/rtc", "/dev/hpet");

    /** The file systems under /dev a guest's /dev keeps (bound from the host's). */
    public static final List<String> BASE_MOUNTS = List.of("/dev/pts", "/dev/shm");

    private QemuConfinement() {
    }

    /**
     * A device node of a guest's /dev, made with the host node's numbers and owner; {@code kvm} goes to QEMU's
     * group (QEMU runs without the host's kvm group; this node is its alone).
     *
     * @param path  the host path under /dev
     * @param block whether a block (else a character) device
     * @param major its major number
     * @param minor its minor number
     * @param mode  its permission bits
     * @param uid   its owner
     * @param gid   its group
     */
    public record DeviceNode(Path path, boolean block, long major, long minor, int mode, int uid, int gid) {

        static DeviceNode of(Path p, QemuUser user) throws IOException {
            long rdev = (Long) Files.getAttribute(p, "unix:rdev");
            long major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >> 12) & ~0xffL);
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            int uid = (Integer) Files.getAttribute(p, "unix:uid");
            int gid = (Integer) Files.getAttribute(p, "unix:gid");
            boolean kvm = p.equals(Path.of("/dev/kvm"));
            return new DeviceNode(p, Files.isRegularFile(p) ? false : (mode & 0170000) == 0060000, major, minor,
                    kvm ? 0660 : mode & 0777, uid, kvm ? user.gid() : gid);
        }
    }

    /**
     * The devices of a guest's /dev: the base ones the host has and the guest's block devices under /dev (read
     * after they were given to QEMU's user, so their copies are its too).
     */
    public static List<DeviceNode> devices(List<GuestFiles.GuestFile> files, QemuUser user) throws IOException {
        Set<Path> paths = new LinkedHashSet<>();
        BASE_DEVICES.stream().map(Path::of).filter(Files::exists).forEach(paths::add);
        for (GuestFiles.GuestFile f : files) {
            Path p = f.path().toAbsolutePath().normalize();
            if (p.startsWith("/dev/") && Files.exists(p)) {
                paths.add(p);
            }
        }
        List<DeviceNode> nodes = new ArrayList<>();
        for (Path p : paths) {
            int type = (Integer) Files.getAttribute(p, "unix:mode") & 0170000;
            if (type == 0020000 || type == 0060000) { // character or block device
                nodes.add(DeviceNode.of(p, user));
            }
        }
        return nodes;
    }

    /** {@code argv} run confined as {@code user}; with {@code staging} non-null in a private mount namespace. */
    public static List<String> command(List<String> argv, QemuUser user, Path staging, List<DeviceNode> devices) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.add("--");
        if (staging != null) {
            // unshare execs sh, which builds /dev and execs setpriv: the pid stays QEMU's
            command.addAll(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                    devScript(staging, devices), "sh"));
        }
        command.addAll(List.of("setpriv", "--reuid=" + Integer.toUnsignedString(user.uid()),
                "--regid=" + Integer.toUnsignedString(user.gid()), "--clear-groups", "--inh-caps=-all",
                "--bounding-set=-all", "--no-new-privs", "--"));
        command.addAll(argv);
        return command;
    }

    /** The shell script run in the new namespace; its arguments ("$@") are the setpriv command. */
    static String devScript(Path staging, List<DeviceNode> devices) {
        StringBuilder s = new StringBuilder("set -e\n");
        String d = quote(staging.toString());
        s.append("mount -t tmpfs -o mode=0755,nosuid,size=1024k virtkit-dev ").append(d).append('\n');
        for (DeviceNode node : devices) {
            String rel = Path.of("/dev").relativize(node.path()).toString();
            Path parent = Path.of(rel).getParent();
            if (parent != null) {
                s.append("mkdir -p ").append(quote(staging.resolve(parent).toString())).append('\n');
            }
            String target = quote(staging.resolve(rel).toString());
            s.append("mknod -m ").append(Integer.toOctalString(node.mode())).append(' ').append(target)
                    .append(node.block() ? " b " : " c ").append(node.major()).append(' ').append(node.minor())
                    .append('\n');
            s.append("chown ").append(Integer.toUnsignedString(node.uid())).append(':')
                    .append(Integer.toUnsignedString(node.gid())).append(' ').append(target).append('\n');
        }
        for (String m : BASE_MOUNTS) {
            String target = quote(staging.resolve(Path.of(m).getFileName()).toString());
            s.append("if [ -d ").append(quote(m)).append(" ]; then mkdir ").append(target)
                    .append("; mount --rbind ").append(quote(m)).append(' ').append(target).append("; fi\n");
        }
        s.append("mount --move ").append(d).append(" /dev\n");
        s.append("exec \"$@\"\n");
        return s.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
