package io.virtkit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The enums carry libvirt's numbers, which a wire protocol relies on, and virsh's wording. */
class LifecycleModelTest {

    @Test
    void errorCodesKeepLibvirtNumbersAndWording() {
        assertThat(ErrorCode.NO_CONNECT.number()).isEqualTo(5);
        assertThat(ErrorCode.XML_ERROR.number()).isEqualTo(27);
        assertThat(ErrorCode.NO_DOMAIN.number()).isEqualTo(42);
        assertThat(ErrorCode.OPERATION_INVALID.number()).isEqualTo(55);
        assertThat(ErrorCode.OPERATION_TIMEOUT.number()).isEqualTo(68);
        assertThat(ErrorCode.ACCESS_DENIED.number()).isEqualTo(88);
        assertThat(ErrorCode.NO_NETWORK_METADATA.number()).isEqualTo(111);
        assertThat(ErrorCode.ofNumber(42)).isEqualTo(ErrorCode.NO_DOMAIN);
        assertThat(ErrorCode.ofNumber(9999)).isEqualTo(ErrorCode.INTERNAL_ERROR);

        VirtException e = new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.TEST, "no domain with matching name 'x'");
        assertThat(e).hasMessage("Domain not found: no domain with matching name 'x'");
        assertThat(e.domain().number()).isEqualTo(12);
        assertThat(new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is already running"))
                .hasMessage("Requested operation is not valid: domain is already running");
        assertThat(ErrorCode.NO_NAME.message(null)).isEqualTo("missing name information");
        assertThat(ErrorCode.INTERNAL_ERROR.message("")).isEqualTo("internal error");
        assertThat(ErrorCode.XML_DETAIL.message("(domain_definition):1: oops")).isEqualTo("(domain_definition):1: oops");
        assertThat(VirtException.withMessage(ErrorCode.RPC, ErrorDomain.REMOTE, "as sent")).hasMessage("as sent");
    }

    @Test
    void numbersAreUniqueWithinEachEnum() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::number).distinct().count())
                .isEqualTo(ErrorCode.values().length);
        assertThat(Arrays.stream(ErrorDomain.values()).map(ErrorDomain::number).distinct().count())
                .isEqualTo(ErrorDomain.values().length);
        Set<String> reasonKeys = new HashSet<>();
        for (DomainStateReason r : DomainStateReason.values()) {
            assertThat(reasonKeys.add(r.state() + "/" + r.number())).as(r.name()).isTrue();
            assertThat(r.name()).startsWith(r.state().name() + "_");
        }
        Set<String> detailKeys = new HashSet<>();
        for (DomainEventDetail d : DomainEventDetail.values()) {
            assertThat(detailKeys.add(d.type() + "/" + d.number())).as(d.name()).isTrue();
            assertThat(d.name()).startsWith(d.type().name() + "_");
        }
    }

    @Test
    void everyStateHasAnUnknownReason() {
        for (DomainState s : DomainState.values()) {
            assertThat(DomainStateReason.of(s, 0).state()).isEqualTo(s);
            assertThat(DomainStateReason.of(s, 12345).number()).isZero();
        }
        assertThat(DomainStateReason.of(DomainState.SHUTOFF, 2)).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
    }

    @Test
    void stateInfoReadsLikeVirshAndRejectsForeignReasons() {
        assertThat(DomainStateInfo.of(DomainStateReason.SHUTOFF_DESTROYED)).hasToString("shut off (destroyed)");
        assertThat(DomainStateInfo.of(DomainStateReason.RUNNING_BOOTED)).hasToString("running (booted)");
        assertThatThrownBy(() -> new DomainStateInfo(DomainState.RUNNING, DomainStateReason.PAUSED_USER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DomainState.SHUTOFF.isActive()).isFalse();
        assertThat(DomainState.PAUSED.isActive()).isTrue();
    }
}
