package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/** Matching QMP replies to the commands waiting for them, and failing them all when the connection ends. */
class QmpPendingRepliesTest {

    private final QmpPendingReplies pending = new QmpPendingReplies();

    private static QmpPendingReplies.Reply reply(int n) {
        return new QmpPendingReplies.Reply(JsonNodeFactory.instance.numberNode(n), n);
    }

    @Test
    void eachReplyReachesTheWaiterOfItsId() throws Exception {
        QmpPendingReplies.Waiter a = pending.register();
        QmpPendingReplies.Waiter b = pending.register();
        assertThat(a.id()).isNotEqualTo(b.id()).startsWith("virtkit-");
        assertThat(pending.complete(b.id(), reply(2))).isTrue();
        assertThat(pending.complete(a.id(), reply(1))).isTrue();
        assertThat(a.reply().get().eventsBefore()).isEqualTo(1);
        assertThat(b.reply().get().eventsBefore()).isEqualTo(2);
        assertThat(pending.size()).isZero();
    }

    @Test
    void aReplyNobodyWaitsForIsDropped() {
        QmpPendingReplies.Waiter gaveUp = pending.register();
        pending.forget(gaveUp.id());
        assertThat(pending.complete(gaveUp.id(), reply(1))).isFalse();
        assertThat(pending.complete(null, reply(1))).isFalse();
        assertThat(pending.complete("someone-else", reply(1))).isFalse();
        assertThat(gaveUp.reply()).isNotDone();
    }

    @Test
    void theEndFailsEveryWaiterAndEveryLaterOne() {
        QmpPendingReplies.Waiter a = pending.register();
        QmpPendingReplies.Waiter b = pending.register();
        pending.failAll(QmpFailure.endOfFile());
        for (QmpPendingReplies.Waiter w : new QmpPendingReplies.Waiter[] {a, b}) {
            assertThatThrownBy(() -> w.reply().get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(VirtException.class)
                    .cause().hasMessage("operation failed: End of file from qemu monitor");
        }
        assertThatThrownBy(pending::register).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED));
        assertThat(pending.size()).isEqualTo(2); // their callers forget them as they return
    }
}
