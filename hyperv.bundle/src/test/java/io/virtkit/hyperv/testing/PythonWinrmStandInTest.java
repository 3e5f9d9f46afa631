package io.virtkit.hyperv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party client against the stand-in: Debian's python3-winrm sends Enumerate/Pull, Get and Invoke over Basic
 * HTTP and reads the answers with Python's XML parser (winrm_check.py); its faults through pywinrm's own parsing.
 */
class PythonWinrmStandInTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    @Test
    void python3WinrmEnumeratesGetsAndInvokes() throws Exception {
        ThirdPartyClient.requireInstalled(PYTHON);
        ThirdPartyClient client = new ThirdPartyClient(dir);
        assertThat(client.run(List.of(PYTHON.toString(), "-c", "import winrm"), Map.of()).exit())
                .as("python3-winrm must be installed").isZero();
        Path script = dir.resolve("winrm_check.py");
        try (InputStream in = getClass().getResourceAsStream("winrm_check.py")) {
            Files.copy(in, script);
        }
        try (StandInHypervEndpoint endpoint = StandInHypervEndpoint.startHttp("admin", "pa ss:wörd")) {
            StandInHypervHost host = endpoint.host();
            host.setPageSize(4);
            for (int i = 0; i < 9; i++) {
                host.addVirtualMachine("vm-" + i, 1, 512, 2);
            }
            String guid = host.addVirtualMachine("target <&> 'vm'", 2, 1024, 3);

            ThirdPartyClient.Result result = client.run(List.of(PYTHON.toString(), script.toString(),
                    endpoint.url().toString(), "admin", "pa ss:wörd", guid), Map.of());
            assertThat(result.exit()).as(result.err()).isZero();
            Map<String, List<String>> found = result.out().lines().map(line -> line.split("\t", 2))
                    .collect(Collectors.groupingBy(kv -> kv[0], LinkedHashMap::new,
                            Collectors.mapping(kv -> kv[1], Collectors.toList())));

            assertThat(found.get("name")).hasSize(10).contains("vm-0", "vm-8", "target <&> 'vm'");
            assertThat(found.get("pulls")).containsExactly("3");
            assertThat(found.get("get.Name")).containsExactly(guid);
            assertThat(found.get("get.ElementName")).containsExactly("target <&> 'vm'");
            assertThat(found.get("get.EnabledState")).containsExactly("3");
            assertThat(found.get("returnValue")).containsExactly("4096");
            assertThat(found.get("jobResourceUri")).containsExactly(RawWsmanClient.V2 + "Msvm_ConcreteJob");
            assertThat(found.get("jobInstanceId")).singleElement().asString().isNotBlank();
            assertThat(found.get("fault")).singleElement().asString()
                    .contains("invalid selectors")
                    .contains("'wsmanfault_code': '2150858843'")
                    .contains("'fault_subcode': 'w:InvalidSelectors'")
                    .contains("'http_status_code': 500");
            waitForState(host, guid, 2);
        }
    }

    static void waitForState(StandInHypervHost host, String guid, int state) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (host.enabledState(guid) != state && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertThat(host.enabledState(guid)).isEqualTo(state);
    }
}
