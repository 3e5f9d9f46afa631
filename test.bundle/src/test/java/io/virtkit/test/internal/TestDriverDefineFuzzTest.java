package io.virtkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzz target (Jazzer): fuzzed domain XML defined through a public {@code test:///default}
 * connection, as {@code virsh define} would. Without {@code JAZZER_FUZZ} it runs as a regression test over its
 * committed corpus ({@code TestDriverDefineFuzzTestInputs/define/} beside this class in the test resources,
 * plus the empty input); {@code bench/fuzz/run} fuzzes it (bench/README.md).
 *
 * <p>A refused document must leave nothing behind: the domain list, each domain's state and its XML are those
 * from before the call. An accepted one must be listed under its name and give XML that defines the same domain
 * again; the driver is then replaced by a fresh one, so that every input meets the same starting state.
 */
class TestDriverDefineFuzzTest {
    private static TestDriver driver;
    private static Connection conn;
    private static List<String> before;

    @BeforeAll
    static void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
        before = snapshot();
    }

    @AfterAll
    static void close() {
        Open.driverGone(driver);
    }

    @FuzzTest
    void define(byte[] input) {
        Domain defined;
        try {
            defined = conn.defineDomain(new String(input, StandardCharsets.UTF_8));
        } catch (VirtException e) {
            assertThat(e.code()).as("code of %s", e).isNotEqualTo(ErrorCode.OK);
            assertThat(e.getMessage()).isNotBlank();
            assertThat(snapshot()).as("the domains after refused input").isEqualTo(before);
            return;
        }
        try {
            assertThat(conn.listAllDomains()).extracting(Domain::name).contains(defined.name());
            String xml = defined.xml();
            assertThat(conn.defineDomain(xml).xml()).isEqualTo(xml);
        } finally {
            close();
            open();
        }
    }

    /** Every domain as a caller sees it: name, UUID, state and XML, in list order. */
    private static List<String> snapshot() {
        return conn.listAllDomains().stream()
                .map(d -> d.name() + " " + d.uuid() + " " + d.state() + "\n" + d.xml())
                .toList();
    }
}
