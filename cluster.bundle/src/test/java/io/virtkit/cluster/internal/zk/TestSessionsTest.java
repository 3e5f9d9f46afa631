package io.virtkit.cluster.internal.zk;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

class TestSessionsTest {

    @Test
    void twoHostsSeeEachOthersEphemeralNodesUntilOneCloses() throws Exception {
        try (TestSessions zk = new TestSessions()) {
            TestSessions.Session a = zk.host("a");
            TestSessions.Session b = zk.host("b");
            a.curator().create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(ZkPaths.host(a.hostUuid()));
            assertThat(b.curator().checkExists().forPath(ZkPaths.host(a.hostUuid()))).isNotNull();
            a.curator().close();
            assertThat(b.curator().checkExists().forPath(ZkPaths.host(a.hostUuid()))).isNull();
        }
    }
}
