package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class HostUmountTest {

    @Test
    void lddOutputGivesTheLoaderAndLibraryDirectories() {
        String ldd = """
                \tlinux-vdso.so.1 (0x00007ffd)
                \tlibmount.so.1 => /nonexistent/lib/libmount.so.1 (0x00007fe08ac0d000)
                \tlibc.so.6 => /nonexistent/lib/libc.so.6 (0x00007fe08aa2b000)
                \t/nonexistent/lib64/ld-linux-x86-64.so.2 (0x00007fe08ac90000)
                """;
        HostUmount u = HostUmount.parseLdd(Path.of("/usr/bin/umount"), ldd);

        assertThat(u.loader()).isEqualTo(Path.of("/nonexistent/lib64/ld-linux-x86-64.so.2"));
        assertThat(u.libraryDirs()).containsExactly("/nonexistent/lib", "/nonexistent/lib64");
        assertThat(u.command("_vk_h", "/")).isEqualTo("\"$_vk_h\"'/nonexistent/lib64/ld-linux-x86-64.so.2'"
                + " --library-path \"$_vk_h\"'/nonexistent/lib':\"$_vk_h\"'/nonexistent/lib64'"
                + " \"$_vk_h\"'/usr/bin/umount' -l '/'");
    }

    @Test
    void aStaticUmountRunsDirectly() {
        HostUmount u = HostUmount.parseLdd(Path.of("/sbin/umount"), "\tnot a dynamic executable\n");

        assertThat(u.loader()).isNull();
        assertThat(u.command("h", "/")).isEqualTo("\"$h\"'/sbin/umount' -l '/'");
    }

    @Test
    void thisHostsUmountIsFound() {
        HostUmount u = HostUmount.detect();

        assertThat(u.umount()).isExecutable();
        if (u.loader() != null) {
            // real paths: a symbolic link would be resolved inside the container after pivot_root
            assertThat(u.loader()).isEqualTo(u.loader().toAbsolutePath().normalize()).exists();
            assertThat(u.libraryDirs()).isNotEmpty();
        }
    }
}
