package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real TAP devices, only inside a namespace created and removed per test. Needs root and /dev/net/tun. */
class TapDeviceTest {
    private TestNetns ns;
    private Rtnetlink nl;

    @BeforeEach
    void enterNamespace() {
        ns = TestNetns.create();
        nl = ns.call(Rtnetlink::open);
    }

    @AfterEach
    void removeNamespace() {
        try {
            if (nl != null) {
                nl.close();
            }
        } finally {
            ns.close();
        }
    }

    private List<String> linkNames() {
        return ns.call(() -> nl.links().stream().map(l -> l.index() + ":" + l.name()).toList());
    }

    private Optional<LinkInfo> link(String name) {
        return ns.call(() -> nl.link(name));
    }

    @Test
    void transientTapExistsWhileOpenAndVanishesOnClose() {
        TapDevice tap = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vktap0")));
        try {
            assertThat(link("vktap0")).get().satisfies(l -> {
                assertThat(l.kind()).contains("tun");
                assertThat(l.index()).isPositive();
            });
            int flags = ns.call(tap::queryFlags);
            assertThat(flags & (TapDevice.IFF_TAP | TapDevice.IFF_NO_PI)).isEqualTo(TapDevice.IFF_TAP | TapDevice.IFF_NO_PI);
            assertThat(flags & TapDevice.IFF_PERSIST).isZero();
            assertThat(flags & TapDevice.IFF_VNET_HDR).isZero();
            assertThat(ns.ipIn("-d", "link", "show", "vktap0")).contains("tun type tap");
        } finally {
            tap.close();
        }
        assertThat(link("vktap0")).isEmpty();
        assertThatThrownBy(tap::fds).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void vnetHeaderAndMultiQueueAreRequestedFromTheKernel() {
        try (TapDevice tap = ns.call(() -> TapDevice.create(new TapDevice.Spec("vkmq0", true, 3, false)))) {
            assertThat(tap.fds()).hasSize(3).doesNotHaveDuplicates();
            int flags = ns.call(tap::queryFlags);
            assertThat(flags & TapDevice.IFF_VNET_HDR).isEqualTo(TapDevice.IFF_VNET_HDR);
            assertThat(flags & TapDevice.IFF_MULTI_QUEUE).isEqualTo(TapDevice.IFF_MULTI_QUEUE);
            assertThat(ns.ipIn("-d", "link", "show", "vkmq0")).contains("multi_queue").contains("vnet_hdr");
        }
        assertThat(link("vkmq0")).isEmpty();
    }

    @Test
    void persistentTapSurvivesCloseAndIsDeletedExplicitly() {
        List<String> before = linkNames();
        TapDevice tap = ns.call(() -> TapDevice.create(new TapDevice.Spec("vkpersist", false, 1, true)));
        assertThat(ns.call(tap::queryFlags) & TapDevice.IFF_PERSIST).isEqualTo(TapDevice.IFF_PERSIST);
        tap.close();
        assertThat(link("vkpersist")).isPresent();

        ns.run(() -> TapDevice.deletePersistent("vkpersist"));
        assertThat(link("vkpersist")).isEmpty();
        assertThat(linkNames()).isEqualTo(before);
    }

    @Test
    void deletingAMissingTapFailsAndCreatesNothing() {
        List<String> before = linkNames();
        assertThatThrownBy(() -> ns.run(() -> TapDevice.deletePersistent("vknothere")))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR))
                .hasMessage("Unable to associate TAP device vknothere: No such device");
        assertThat(linkNames()).isEqualTo(before);
    }

    @Test
    void deletingSomethingThatIsNotATapIsRefusedAndLeavesItAlone() {
        ns.run(() -> nl.createBridge("vkbr9"));
        List<String> before = linkNames();
        assertThatThrownBy(() -> ns.run(() -> TapDevice.deletePersistent("vkbr9")))
                .isInstanceOf(VirtException.class)
                .hasMessageStartingWith("Unable to associate TAP device vkbr9: ");
        assertThat(linkNames()).isEqualTo(before);
    }

    /** The seed rule: libvirt 9.0 refuses a pre-created TAP and leaves it exactly as it was. */
    @Test
    void preCreatedPersistentTapIsRefusedWithLibvirtsErrorAndLeftUntouched() {
        ns.ipIn("tuntap", "add", "dev", "vkuser0", "mode", "tap");
        ns.ipIn("link", "set", "vkuser0", "address", "52:54:00:aa:bb:cc", "mtu", "1400");
        LinkInfo before = link("vkuser0").orElseThrow();
        List<String> namesBefore = linkNames();

        assertThatThrownBy(() -> ns.call(() -> TapDevice.create(new TapDevice.Spec("vkuser0", true, 1, false))))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NONE);
                })
                .hasMessage("Requested operation is not valid: The vkuser0 interface already exists");

        LinkInfo after = link("vkuser0").orElseThrow();
        assertThat(after).isEqualTo(before);
        assertThat(after.mac()).contains(MacAddress.parse("52:54:00:aa:bb:cc"));
        assertThat(linkNames()).isEqualTo(namesBefore);
        // still persistent and unattached: the refused attempt held no descriptor on it
        assertThat(ns.ipIn("-d", "link", "show", "vkuser0")).contains("persist on");
    }

    @Test
    void anyExistingLinkNameIsRefusedNotJustTaps() {
        assertThatThrownBy(() -> ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("lo"))))
                .hasMessage("Requested operation is not valid: The lo interface already exists");
    }

    /** What the existence check guards against at the kernel level: without IFF_TUN_EXCL TUNSETIFF attaches. */
    @Test
    void exclusiveFlagMakesTheKernelRefuseAnExistingTap() {
        ns.ipIn("tuntap", "add", "dev", "vkuser1", "mode", "tap");
        int errno = ns.call(() -> {
            int fd = LibC.open(TapDevice.TUN_PATH, LibC.O_RDWR | LibC.O_CLOEXEC);
            try {
                LibC.ioctl(fd, TapDevice.TUNSETIFF, TapDevice.ifreq("vkuser1",
                        TapDevice.IFF_TAP | TapDevice.IFF_NO_PI | TapDevice.IFF_TUN_EXCL));
                return 0;
            } catch (LastErrorException e) {
                return e.getErrorCode();
            } finally {
                LibC.closeQuietly(fd);
            }
        });
        assertThat(errno).isEqualTo(LibC.EBUSY);
        assertThat(link("vkuser1")).isPresent();
    }

    @Test
    void creatingTheSameNameTwiceIsRefusedAndTheFirstStays() {
        try (TapDevice first = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vkdup")))) {
            int index = link("vkdup").orElseThrow().index();
            assertThatThrownBy(() -> ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vkdup"))))
                    .hasMessage("Requested operation is not valid: The vkdup interface already exists");
            assertThat(link("vkdup").orElseThrow().index()).isEqualTo(index);
            assertThat(first.fds()).hasSize(1);
        }
    }

    @Test
    void generatedNamesSkipExistingOnesAndAreReservedAfterRelease() {
        ns.ipIn("tuntap", "add", "dev", "vnet4", "mode", "tap");
        List<String> existing = ns.call(() -> nl.links().stream().map(LinkInfo::name).toList());
        // the predicate runs on the namespace thread, inside createGenerated
        TapNameAllocator names = new TapNameAllocator(existing, nl::exists);
        TapDevice a = ns.call(() -> TapDevice.createGenerated(names, false, 1, false));
        assertThat(a.name()).isEqualTo("vnet5");
        a.close();
        assertThat(link("vnet5")).isEmpty();
        try (TapDevice b = ns.call(() -> TapDevice.createGenerated(names, false, 1, false))) {
            // the kernel would happily reuse vnet5; the allocator does not
            assertThat(b.name()).isEqualTo("vnet6");
            assertThat(link("vnet6")).isPresent();
        }
        assertThat(link("vnet4")).isPresent();
    }

    @Test
    void generatedNameTakenBehindTheAllocatorsBackIsSkipped() {
        ns.ipIn("tuntap", "add", "dev", "vnet0", "mode", "tap");
        // an allocator that believes nothing is in use still never attaches to vnet0
        TapNameAllocator blind = new TapNameAllocator(List.of(), n -> false);
        try (TapDevice t = ns.call(() -> TapDevice.createGenerated(blind, false, 1, false))) {
            assertThat(t.name()).isEqualTo("vnet1");
        }
        assertThat(ns.ipIn("-d", "link", "show", "vnet0")).contains("persist on");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "has space", "tab\tname", "colon:0", "vnet%d", ".", ".."})
    void invalidNamesAreRefusedAndLeaveNothing(String bad) {
        List<String> before = linkNames();
        assertThatThrownBy(() -> ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap(bad))))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NONE);
                })
                .hasMessage("Unable to create tap device " + bad + ": Invalid argument");
        assertThat(linkNames()).isEqualTo(before);
    }

    @Test
    void tooLongNameIsRefusedWithLibvirtsMessageAndLeavesNothing() {
        List<String> before = linkNames();
        assertThatThrownBy(() -> ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("abcdefghijklmnop"))))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR))
                .hasMessage("Network interface name 'abcdefghijklmnop' is too long: Numerical result out of range");
        assertThat(linkNames()).isEqualTo(before);
        // fifteen characters is the limit, and fits
        try (TapDevice t = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("abcdefghijklmno")))) {
            assertThat(link("abcdefghijklmno")).isPresent();
        }
    }

    @Test
    void failedPersistentMultiQueueCreationLeavesNothing() {
        // a multiqueue TAP with more queues than the kernel allows (4096 max) fails part way through
        List<String> before = linkNames();
        assertThatThrownBy(() -> ns.call(() -> TapDevice.create(new TapDevice.Spec("vkmany", false, 4097, true))))
                .isInstanceOf(VirtException.class)
                .hasMessageStartingWith("Unable to create tap device vkmany: ");
        assertThat(linkNames()).isEqualTo(before);
    }

    @Test
    void queueCountBelowOneIsAnInvalidArgument() {
        assertThatThrownBy(() -> new TapDevice.Spec("x", false, 0, false))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
    }
}
