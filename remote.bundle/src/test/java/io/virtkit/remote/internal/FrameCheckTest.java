package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** What a client sent is judged from its length word and header, before any body arrives. */
class FrameCheckTest {

    private static ByteBuffer head(int length, int program, int version, int type, int status) {
        return ByteBuffer.allocate(FrameCheck.HEAD).putInt(length).putInt(program).putInt(version).putInt(1)
                .putInt(type).putInt(7).putInt(status).flip();
    }

    @Test
    void libvirtsProgramsTypesAndStatusesPassWhateverTheVersion() {
        for (int program : new int[] {Header.REMOTE_PROGRAM, Header.KEEPALIVE_PROGRAM, FrameCheck.QEMU_PROGRAM,
                FrameCheck.LXC_PROGRAM, FrameCheck.ADMIN_PROGRAM}) {
            for (int type = Header.CALL; type <= Header.STREAM_HOLE; type++) {
                for (int status = Header.OK; status <= Header.CONTINUE; status++) {
                    ByteBuffer b = head(Packet.LENGTH_SIZE + Packet.MAX_PAYLOAD, program, 2, type, status);
                    assertThatCode(() -> FrameCheck.check(b)).doesNotThrowAnyException();
                }
            }
        }
    }

    @Test
    void anythingElseIsRefusedAsSoonAsItsLengthOrHeaderHasArrived() {
        assertThatThrownBy(() -> FrameCheck.check(ByteBuffer.wrap(new byte[] {0x7f, 0, 0, 0})))
                .isInstanceOf(XdrException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> FrameCheck.check(ByteBuffer.wrap(new byte[] {0, 0, 0, 27})))
                .isInstanceOf(XdrException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> FrameCheck.check(head(100, 0x12345678, 1, Header.CALL, Header.OK)))
                .isInstanceOf(XdrException.class).hasMessageContaining("none of libvirt's");
        assertThatThrownBy(() -> FrameCheck.check(head(100, Header.REMOTE_PROGRAM, 1, 7, Header.OK)))
                .isInstanceOf(XdrException.class).hasMessageContaining("type 7");
        assertThatThrownBy(() -> FrameCheck.check(head(100, Header.REMOTE_PROGRAM, 1, Header.CALL, 3)))
                .isInstanceOf(XdrException.class).hasMessageContaining("status 3");
    }

    @Test
    void aHeaderNotWhollyArrivedIsNotJudgedYet() {
        ByteBuffer partial = head(100, 0x12345678, 1, Header.CALL, Header.OK).limit(FrameCheck.HEAD - 1);
        assertThatCode(() -> FrameCheck.check(partial)).doesNotThrowAnyException();
        assertThatCode(() -> FrameCheck.check(ByteBuffer.allocate(3))).doesNotThrowAnyException();
    }

    @Test
    void everyProcedureThatAddsAnEventRegistrationCountsAgainstTheMaximum() {
        // a registration procedure added later without being counted would let a client register without bound
        assertThat(EventProcedures.REGISTRATIONS).containsExactlyInAnyOrderElementsOf(Arrays.stream(Procedure.values())
                .filter(p -> p.name().contains("EVENT") && p.name().endsWith("_REGISTER_ANY")
                        && !p.name().contains("DEREGISTER")).toList());
        Header call = new Header(Header.REMOTE_PROGRAM, 1, Procedure.CONNECT_NETWORK_EVENT_REGISTER_ANY.number(),
                Header.CALL, 1, Header.OK);
        assertThat(EventProcedures.registers(call)).isTrue();
        assertThat(EventProcedures.registers(new Header(Header.REMOTE_PROGRAM, 1,
                Procedure.CONNECT_NETWORK_EVENT_DEREGISTER_ANY.number(), Header.CALL, 1, Header.OK))).isFalse();
    }
}
