package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

class TypedParamsTest {

    @Test
    void roundTripsEveryJavaTypeInOrder() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("migrate_uri", "tcp://127.0.0.1");
        params.put("bandwidth", 0xFFFF_FFFF_FFFF_FFFEL);
        params.put("operation", 5);
        params.put("compression_rate", 0.25);
        params.put("success", true);
        XdrWriter out = new XdrWriter();
        TypedParams.write(out, params);
        XdrReader in = new XdrReader(out.toByteArray());
        assertThat(TypedParams.read(in, TypedParams.MIGRATE_PARAM_LIST_MAX)).containsExactlyEntriesOf(params);
        assertThat(in.remaining()).isZero();
    }

    @Test
    void writesLibvirtsWireLayout() {
        XdrWriter out = new XdrWriter();
        TypedParams.write(out, Map.of("bandwidth", 3L));
        assertThat(out.toByteArray()).containsExactly(
                0, 0, 0, 1, // one parameter
                0, 0, 0, 9, 'b', 'a', 'n', 'd', 'w', 'i', 'd', 't', 'h', 0, 0, 0,
                0, 0, 0, TypedParams.ULLONG,
                0, 0, 0, 0, 0, 0, 0, 3);
    }

    @Test
    void readsUnsignedAndSignedTypesAsLong() {
        XdrWriter out = new XdrWriter().writeInt(3);
        out.writeString("ui").writeInt(TypedParams.UINT).writeInt(-1);
        out.writeString("l").writeInt(TypedParams.LLONG).writeHyper(-7);
        out.writeString("b").writeInt(TypedParams.BOOLEAN).writeInt(2);
        Map<String, Object> read = TypedParams.read(new XdrReader(out.toByteArray()), 64);
        assertThat(read).containsExactly(Map.entry("ui", 0xFFFF_FFFFL), Map.entry("l", -7L), Map.entry("b", true));
    }

    @Test
    void keepsEveryValueOfANameLibvirtTakesSeveralTimes() {
        XdrWriter out = new XdrWriter();
        TypedParams.write(out, Map.of("migrate_disks", List.of("vda", "vdb")));
        assertThat(TypedParams.read(new XdrReader(out.toByteArray()), 64))
                .containsExactly(Map.entry("migrate_disks", List.of("vda", "vdb")));
    }

    @Test
    void refusesARepeatedNameLibvirtTakesOnce() {
        XdrWriter out = new XdrWriter().writeInt(2);
        out.writeString("destination_name").writeInt(TypedParams.STRING).writeString("a");
        out.writeString("destination_name").writeInt(TypedParams.STRING).writeString("b");
        assertThatThrownBy(() -> TypedParams.read(new XdrReader(out.toByteArray()), 64))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG))
                .hasMessage("invalid argument: parameter 'destination_name' occurs multiple times");
    }

    @Test
    void refusesMoreParametersThanTheLimit() {
        XdrWriter out = new XdrWriter();
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("p" + i, i);
        }
        TypedParams.write(out, many);
        assertThatThrownBy(() -> TypedParams.read(new XdrReader(out.toByteArray()), 64))
                .isInstanceOf(XdrException.class).hasMessage("too many parameters '65' for limit '64'");
        byte[] negative = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> TypedParams.read(new XdrReader(negative), 64)).isInstanceOf(XdrException.class);
    }

    @Test
    void refusesAnUnknownTypeAndTruncatedValues() {
        XdrWriter unknown = new XdrWriter().writeInt(1).writeString("x").writeInt(8).writeInt(0);
        assertThatThrownBy(() -> TypedParams.read(new XdrReader(unknown.toByteArray()), 64))
                .isInstanceOf(XdrException.class).hasMessage("unknown parameter type: 8");
        XdrWriter truncated = new XdrWriter().writeInt(1).writeString("x").writeInt(TypedParams.ULLONG).writeInt(0);
        assertThatThrownBy(() -> TypedParams.read(new XdrReader(truncated.toByteArray()), 64))
                .isInstanceOf(XdrException.class).hasMessageContaining("truncated");
    }

    @Test
    void refusesANameTooLongForLibvirt() {
        String name = "n".repeat(80);
        XdrWriter out = new XdrWriter().writeInt(1).writeString(name).writeInt(TypedParams.INT).writeInt(1);
        assertThatThrownBy(() -> TypedParams.read(new XdrReader(out.toByteArray()), 64))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
                .hasMessage("internal error: parameter " + name + " too big for destination");
        assertThatThrownBy(() -> TypedParams.write(new XdrWriter(), Map.of(name, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        String fits = "n".repeat(79);
        XdrWriter ok = new XdrWriter();
        TypedParams.write(ok, Map.of(fits, 1));
        assertThat(TypedParams.read(new XdrReader(ok.toByteArray()), 64)).containsKey(fits);
    }

    @Test
    void refusesAValueOfNoTypedParameterType() {
        assertThatThrownBy(() -> TypedParams.write(new XdrWriter(), Map.of("x", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
    }
}
