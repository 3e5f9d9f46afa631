package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.MoRef;

/** The snapshot tree's walks and times, as libvirt's esxVI snapshot-tree helpers answer them. */
class EsxSnapshotTreeTest {

    private static EsxSnapshotTree.Node node(String name, String state, EsxSnapshotTree.Node... children) {
        return new EsxSnapshotTree.Node(new MoRef("VirtualMachineSnapshot", "snap-" + name), name, "",
                "2026-12-03T14:29:07.123456Z", state, List.of(children));
    }

    private static List<String> names(List<EsxSnapshotTree.Node> nodes) {
        return nodes.stream().map(EsxSnapshotTree.Node::name).toList();
    }

    // a ─┬─ b ── c
    //    └─ d        e (a second root, powered off)
    private final EsxSnapshotTree tree = new EsxSnapshotTree(List.of(
            node("a", "poweredOn", node("b", "poweredOn", node("c", "suspended")), node("d", "poweredOn")),
            node("e", "poweredOff")), new MoRef("VirtualMachineSnapshot", "snap-c"));

    @Test
    void walksDepthFirstASnapshotBeforeItsChildren() {
        assertThat(names(EsxSnapshotTree.walk(tree.roots(), true, n -> true))).containsExactly("a", "b", "c", "d", "e");
        assertThat(names(EsxSnapshotTree.walk(tree.roots(), false, n -> true))).containsExactly("a", "e");
        assertThat(names(EsxSnapshotTree.walk(tree.roots(), true, EsxSnapshotTree.Node::isLeaf)))
                .containsExactly("c", "d", "e");
    }

    @Test
    void findsBySnapshotNameWithItsParentAndTheCurrentByReference() {
        assertThat(tree.require("c").parent().name()).isEqualTo("b");
        assertThat(tree.require("e").parent()).isNull();
        assertThat(tree.currentNode().name()).isEqualTo("c");
        assertThat(EsxSnapshots.state(tree.require("c").node()).xmlName()).isEqualTo("paused");
        assertThat(EsxSnapshots.state(tree.require("e").node()).xmlName()).isEqualTo("shutoff");
        assertThatThrownBy(() -> tree.require("x")).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN_SNAPSHOT))
                .hasMessage("Domain snapshot not found: Could not find snapshot with name 'x'");
    }

    @Test
    void creationTimesAreEpochSecondsWhateverTheZone() {
        assertThat(tree.require("a").node().creationSeconds()).isEqualTo(1796308147L);
        assertThat(new EsxSnapshotTree.Node(null, "z", null, "2026-12-03T16:29:07+02:00", "poweredOn", List.of())
                .creationSeconds()).isEqualTo(1796308147L);
        assertThat(new EsxSnapshotTree.Node(null, "z", null, "2026-12-03T14:29:07", "poweredOn", List.of())
                .creationSeconds()).isEqualTo(1796308147L);
    }
}
