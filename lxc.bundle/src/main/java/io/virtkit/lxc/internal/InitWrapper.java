package io.virtkit.lxc.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.FilesystemDevice;
import io.virtkit.lxc.internal.LxcDomainObject.RuntimeFiles;

/**
 * The shell script that becomes the container: util-linux {@code unshare} runs it as PID 1 of the new
 * PID, mount, UTS, IPC and network namespaces, and it
 * <ol>
 * <li>reports its pid (as the host sees it, read from the host's /proc) on the ready FIFO, then waits
 * on the sync FIFO until the driver has put it into the container's cgroups, so everything it does from
 * then on (mounts, tmpfs pages, init) is accounted to the container; the driver's go names the console
 * pty;</li>
 * <li>bind-mounts the root filesystem and the other {@code <filesystem>}s, mounts /proc (its /proc/sys
 * and sysrq-trigger read-only, /proc/sys/net writable), a read-only /sys, a tmpfs /dev with a minimal
 * device set (copied from the driver's {@link DevTemplate}), a private devpts and /dev/shm, and binds its
 * console pty to /dev/console;</li>
 * <li>drops, from every capability set and the bounding set, what libvirt's container loses by default
 * ({@link #DROPPED_CAPABILITIES}: setpriv re-executes the shell for the rest of the setup);</li>
 * <li>sets the hostname to the domain name (through /proc/sys/kernel/hostname without {@code <idmap>}),
 * brings up {@code lo}
 * (in the background, meanwhile);</li>
 * <li>pivots into the root ({@code pivot_root . .}: the old root lands on top of the new one, so no
 * directory in the user's tree is needed) and detaches the old root with the host's umount, reached
 * through a descriptor of the host's root (see {@link HostUmount});</li>
 * <li>reports "ok" on the ready FIFO and execs {@code <init>} with its {@code <initarg>}s in an
 * environment of libvirt's variables and the {@code <initenv>}s only.</li>
 * </ol>
 * Until the pivot it uses host tools; after it only shell builtins. Each host tool is a fork and exec
 * (1–2 ms), so the script runs as few as it can: no tty, hostname, mknod or ln processes. Any failure
 * ends the script ({@code set -e}) with its message on the console, which the driver reports.
 *
 * <p>With {@code <idmap>} the namespaces belong to a new user namespace whose maps the driver writes while
 * the wrapper waits (see {@link UserNamespace}); right after the sync the wrapper becomes the container's
 * root ({@code setpriv}) and runs the rest as that root: the host's device nodes are bound instead of
 * made (no mknod in a user namespace), and the sources of the filesystems must be reachable by it.
 */
final class InitWrapper {
    /**
     * What libvirt's LXC driver takes from a container's root by default (setpriv's spelling): loading
     * kernel modules, setting the clock, making device nodes, audit and LSM configuration. Reboot stays,
     * as libvirt keeps it where the kernel confines reboot(2) to the PID namespace (every kernel since 3.4).
     */
    static final String DROPPED_CAPABILITIES = "-sys_module,-sys_time,-mknod,-audit_control,-mac_admin";

    private InitWrapper() {
    }

    /** The environment init gets, as libvirt's LXC driver sets it, then the domain's {@code <initenv>}s. */
    static Map<String, String> environment(DomainDefinition def) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin:/usr/bin");
        env.put("TERM", "linux");
        env.put("container", "lxc-libvirt");
        env.put("container_uuid", def.uuid().toString());
        env.put("LIBVIRT_LXC_UUID", def.uuid().toString());
        env.put("LIBVIRT_LXC_NAME", def.name());
        for (DomainOs.InitEnv e : def.os().initEnv()) {
            env.put(e.name(), e.value());
        }
        return env;
    }

    static String script(DomainDefinition def, FilesystemDevice rootFs, RuntimeFiles files, HostUmount umount) {
        StringBuilder s = new StringBuilder();
        s.append("# Virtkit LXC init wrapper for domain ").append(def.name().replace('\n', ' ')).append('\n');
        s.append("set -e\n"); // PATH: the controller's (see hostPath), which reaches every script below
        // both opened as the host's root: with <idmap> the container's root could not open them
        s.append("exec 8>").append(Shell.quote(files.ready().toString())).append('\n');
        // /proc is still the host's: its "self" is our pid there, which the driver needs (read by a builtin:
        // no process of its own)
        s.append("read _vk_pid _vk_rest < /proc/self/stat\n");
        s.append("echo \"pid $_vk_pid\" >&8\n");
        // the driver's go, with the console's pty (or -)
        s.append("read _vk_go _vk_tty < ").append(Shell.quote(files.sync().toString())).append('\n');
        String root = Path.of(rootFs.sourceDir()).toAbsolutePath().normalize().toString();
        if (def.idmap() == null) {
            String finish = prelude(root) + finish(def, umount);
            s.append("_vk_root=").append(Shell.quote(root)).append('\n');
            s.append(mounts(def, rootFs, files.devTemplate(), false));
            // the devices are made: from here on the container's root loses what libvirt takes from it
            // (kernel modules, the clock, device nodes, audit and LSM configuration), from every set and
            // the bounding set, so neither init nor anything it runs can get them back
            s.append("exec setpriv --bounding-set ").append(DROPPED_CAPABILITIES).append(" --inh-caps=-all /bin/sh -c ")
                    .append(Shell.quote(finish)).append(" virtkit-init \"$_vk_tty\"\n");
        } else {
            // the driver has written the maps: become the container's root before anything else, as
            // libvirt's container does. unshare --keep-caps left us the capabilities to do so (as ambient
            // ones, dropped here with the inheritable set: the setup and init have a root's usual sets,
            // less the capabilities libvirt drops); the setup then runs as that root, with its
            // capabilities in the new namespaces (it makes no device nodes: it binds the host's)
            String setup = prelude(root) + mounts(def, rootFs, files.devTemplate(), true) + finish(def, umount);
            s.append("exec setpriv --reuid=0 --regid=0 --clear-groups --bounding-set ").append(DROPPED_CAPABILITIES)
                    .append(" --inh-caps=-all /bin/sh -c ").append(Shell.quote(setup))
                    .append(" virtkit-init \"$_vk_tty\"\n");
        }
        return s.toString();
    }

    /** The start of a script run by setpriv: the console's pty comes as $1. */
    private static String prelude(String root) {
        return "set -e\n_vk_tty=$1\n_vk_root=" + Shell.quote(root) + "\n";
    }

    /**
     * The root and the other filesystems bound, /proc, /sys and /dev mounted, the device set made or bound.
     * Each mount is a process of its own (1–2 ms), so the independent ones run side by side: /proc with
     * its read-only parts, and /dev with its devices, each in a subshell, while /sys is mounted; the user's
     * filesystems follow once those are in place (one of them may lie below /dev).
     */
    private static String mounts(DomainDefinition def, FilesystemDevice rootFs, Path devTemplate, boolean userns) {
        StringBuilder s = new StringBuilder();
        // the host's mounts are private already (unshare --propagation private)
        s.append("mount --bind \"$_vk_root\" \"$_vk_root\"\n");
        if (rootFs.readonly()) {
            s.append("mount -o remount,bind,ro \"$_vk_root\"\n");
        }
        s.append("for _vk_d in proc sys dev; do [ -d \"$_vk_root/$_vk_d\" ] || mkdir \"$_vk_root/$_vk_d\"; done\n");
        // /proc/sys is the host kernel's (core_pattern, vm, …) and /proc/sysrq-trigger (where the kernel has
        // one) can reboot the host: both read-only, as libvirt's container has them. /proc/sys/net is the
        // container's own network namespace's and stays writable: bound first, it is carried along by the
        // recursive bind of /proc/sys, whose read-only remount applies to the top mount only.
        s.append("""
                (
                  mount -t proc -o nosuid,nodev,noexec proc "$_vk_root/proc"
                  mount --bind "$_vk_root/proc/sys/net" "$_vk_root/proc/sys/net"
                  mount --rbind -o ro "$_vk_root/proc/sys" "$_vk_root/proc/sys"
                  if [ -e "$_vk_root/proc/sysrq-trigger" ]; then
                    mount --bind -o ro "$_vk_root/proc/sysrq-trigger" "$_vk_root/proc/sysrq-trigger"
                  fi
                ) &
                _vk_proc=$!
                (
                  mount -t tmpfs -o mode=755,size=65536k,nosuid devfs "$_vk_root/dev"
                """);
        if (userns) {
            // no mknod in a user namespace: the host's nodes are bound instead (as LXC does it)
            s.append("""
                      for _vk_d in null zero full random urandom tty; do
                        : > "$_vk_root/dev/$_vk_d"
                        mount --bind "/dev/$_vk_d" "$_vk_root/dev/$_vk_d"
                      done
                      mkdir "$_vk_root/dev/pts" "$_vk_root/dev/shm"
                      ln -s pts/ptmx "$_vk_root/dev/ptmx"
                      ln -s /proc/self/fd "$_vk_root/dev/fd"
                      ln -s /proc/self/fd/0 "$_vk_root/dev/stdin"
                      ln -s /proc/self/fd/1 "$_vk_root/dev/stdout"
                      ln -s /proc/self/fd/2 "$_vk_root/dev/stderr"
                    """);
        } else {
            // nodes, directories and links made by the driver (see DevTemplate): one process for all
            s.append("  cp -a ").append(Shell.quote(devTemplate.toString() + "/.")).append(" \"$_vk_root/dev/\"\n");
        }
        s.append("""
                ) &
                _vk_devs=$!
                mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$_vk_root/sys"
                wait "$_vk_proc"
                wait "$_vk_devs"
                """);
        for (FilesystemDevice fs : def.devices().filesystems()) {
            if (fs == rootFs) {
                continue;
            }
            String target = "\"$_vk_root\"" + Shell.quote(normalTarget(fs.targetDir()));
            s.append("mkdir -p ").append(target).append('\n');
            String ro = fs.readonly() ? ",ro" : "";
            switch (fs.type()) {
                case "ram" -> s.append("mount -t tmpfs -o size=").append(fs.ramUsageKiB()).append('k').append(ro)
                        .append(",nosuid,nodev tmpfs ").append(target).append('\n');
                case "block" -> s.append("mount").append(fs.readonly() ? " -o ro " : " ")
                        .append(Shell.quote(fs.sourceDev())).append(' ').append(target).append('\n');
                case "file" -> s.append("mount -o loop").append(ro).append(' ').append(Shell.quote(fs.sourceFile()))
                        .append(' ').append(target).append('\n');
                default -> {
                    s.append("mount --bind ").append(Shell.quote(fs.sourceDir())).append(' ').append(target)
                            .append('\n');
                    if (fs.readonly()) {
                        s.append("mount -o remount,bind,ro ").append(target).append('\n');
                    }
                }
            }
        }
        return s.toString();
    }

    /** devpts, /dev/shm, the console, the hostname, lo, then the pivot and the exec of init. */
    private static String finish(DomainDefinition def, HostUmount umount) {
        boolean userns = def.idmap() != null;
        StringBuilder s = new StringBuilder();
        // lo comes up meanwhile (waited for before the pivot)
        s.append("ip link set lo up 2>/dev/null &\n");
        s.append("_vk_ip=$!\n");
        s.append("_vk_dev=\"$_vk_root/dev\"\n");
        // the tty group (5) only where the container has such a group: devpts refuses an unmapped gid
        boolean ttyGroup = !userns || UserNamespace.mapsInside(def.idmap().gids(), 5);
        s.append("mount -t devpts -o newinstance,ptmxmode=0666,mode=0620").append(ttyGroup ? ",gid=5" : "")
                .append(" devpts \"$_vk_dev/pts\"\n");
        s.append("""
                mount -t tmpfs -o mode=1777,nosuid,nodev shm "$_vk_dev/shm"
                if [ "$_vk_tty" != - ]; then
                  : > "$_vk_dev/console"
                  mount --bind "$_vk_tty" "$_vk_dev/console"
                fi
                """);
        if (userns) {
            // /proc/sys is the host's, owned by the host's root: sethostname(2) through the tool
            s.append("hostname ").append(Shell.quote(def.name())).append('\n');
        } else {
            // the UTS namespace's name through its sysctl, by a builtin: no hostname process
            s.append("printf '%s' ").append(Shell.quote(def.name())).append(" > /proc/sys/kernel/hostname\n");
        }
        s.append("wait \"$_vk_ip\" || true\n");
        s.append("exec 9</\n");
        s.append("cd \"$_vk_root\"\n");
        s.append("pivot_root . .\n");
        s.append("_vk_h=/proc/$$/fd/9\n");
        s.append(umount.command("_vk_h", "/")).append('\n');
        s.append("exec 9<&-\n");
        s.append("cd /\n");
        s.append("echo ok >&8\n");
        s.append("exec 8>&-\n");
        // from here on only the environment init is given: ours goes, libvirt's and the domain's come
        s.append("unset _vk_go _vk_root _vk_d _vk_dev _vk_tty _vk_h _vk_pid _vk_rest _vk_ip _vk_proc _vk_devs\n");
        for (Map.Entry<String, String> e : environment(def).entrySet()) {
            s.append("export ").append(e.getKey()).append('=').append(Shell.quote(e.getValue())).append('\n');
        }
        if (!LxcTopLevelSupport.initDir(def).equals("/")) {
            s.append("cd -- ").append(Shell.quote(LxcTopLevelSupport.initDir(def))).append(" || exit 1\n");
        }
        s.append("exec ").append(Shell.quote(def.os().init()));
        for (String arg : def.os().initArgs()) {
            s.append(' ').append(Shell.quote(arg));
        }
        s.append('\n');
        return s.toString();
    }

    /**
     * Where the controller and the wrapper find the host's programs (setsid, script, unshare, setpriv, mount…):
     * the daemon's own PATH, as libvirt passes its PATH to the commands it runs, or Debian's directories when it
     * has none. So a test run with a PATH of only the programs it declares (./virtkit test) covers these too.
     */
    static String hostPath(Map<String, String> daemonEnvironment) {
        String path = daemonEnvironment.get("PATH");
        return path == null || path.isBlank() ? "/usr/sbin:/usr/bin:/sbin:/bin" : path;
    }

    /**
     * The controller's command: script holds the console pty, unshare makes the namespaces. With a user
     * namespace it comes first in the same unshare(2), so it owns the others (the container's root may then
     * mount, set the hostname, configure its network); --keep-caps lets the wrapper, still the host's root
     * outside any mapping, keep the capabilities it needs to become the container's root.
     */
    static List<String> controllerCommand(Path consoleIn, Path wrapper, boolean userns) {
        String inner = "exec unshare " + (userns ? "--user --keep-caps " : "")
                + "--pid --fork --mount --propagation private --uts --ipc --net /bin/sh " + Shell.quote(wrapper.toString());
        // setsid: its own session, so nothing of ours (terminal, process group) reaches it; the shell
        // gives script the console FIFO as stdin, opened read-write so it never sees end-of-file
        return List.of("setsid", "/bin/sh", "-c", "exec 0<>\"$1\"; exec script -q -e -c \"$2\" /dev/null",
                "virtkit-lxc", consoleIn.toString(), inner);
    }

    static String normalTarget(String target) {
        String t = Path.of("/").resolve(target).normalize().toString();
        return t.startsWith("/") ? t : "/" + t;
    }
}
