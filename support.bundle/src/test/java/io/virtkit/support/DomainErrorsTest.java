package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

class DomainErrorsTest {

    @Test
    void wordsErrorsAsLibvirt() {
        UUID u = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        assertError(DomainErrors.noDomainWithName(ErrorDomain.TEST, "x"), ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching name 'x'");
        assertError(DomainErrors.noDomainWithUuid(ErrorDomain.QEMU, u), ErrorCode.NO_DOMAIN, ErrorDomain.QEMU,
                "Domain not found: no domain with matching uuid '6695eb01-f6a4-8304-79aa-97f2502e193f'");
        assertError(DomainErrors.noDomainWithUuid(ErrorDomain.TEST, u, "test"), ErrorCode.NO_DOMAIN,
                ErrorDomain.TEST,
                "Domain not found: no domain with matching uuid '6695eb01-f6a4-8304-79aa-97f2502e193f' (test)");
        assertError(DomainErrors.noDomainWithId(ErrorDomain.TEST, 5), ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching id 5");
        assertError(DomainErrors.invalidConnection("virDomainCreate"), ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virDomainCreate");
        assertError(DomainErrors.notRunning(), ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running");
    }

    private static void assertError(VirtException e, ErrorCode code, ErrorDomain domain, String message) {
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.domain()).isEqualTo(domain);
        assertThat(e.getMessage()).isEqualTo(message);
    }
}
