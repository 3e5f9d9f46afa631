package io.virtkit.hyperv.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.virtkit.api.ErrorDomain;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.InvokeResult;
import io.virtkit.hyperv.internal.wsman.WsmanClient;
import io.virtkit.hyperv.internal.wsman.WsmanEndpoint;
import io.virtkit.hyperv.internal.wsman.WsmanTls;
import io.virtkit.hyperv.internal.wsman.Wql;
import io.virtkit.support.AuthConf;
import io.virtkit.support.HostCredentials;

/**
 * One connection's Hyper-V side: the parsed URI, the settings, the WS-Man client logged in with the user's
 * credentials, and the host's Windows version read when it opened (as libvirt does: that first query is also
 * what proves the credentials). Every exchange goes through here so its failures read as libvirt's.
 */
final class HypervContext implements AutoCloseable {

    static final String VIRTUALIZATION = "root/virtualization/v2";
    static final String CIMV2 = "root/cimv2";
    private static final String RESOURCE_BASE = "http://schemas.microsoft.com/wbem/wsman/1/wmi/";

    final HypervUri uri;
    final HypervSettings settings;
    private final WsmanClient client;
    private final String windowsVersion;
    private volatile CimReference managementService; // read once: the host has one, for good
    /** Methods invoked through this connection (counted before and after each): what may have changed the host. */
    private final java.util.concurrent.atomic.AtomicLong invocations = new java.util.concurrent.atomic.AtomicLong();

    private HypervContext(HypervUri uri, HypervSettings settings, WsmanClient client, String windowsVersion) {
        this.uri = uri;
        this.settings = settings;
        this.client = client;
        this.windowsVersion = windowsVersion;
    }

    static HypervContext open(OpenRequest request, HypervSettings settings, Map<String, String> env) {
        HypervUri uri = HypervUri.parse(request.uri());
        // as libvirt's Hyper-V driver: auth.conf service "hyperv", the callback offered "administrator"
        HostCredentials credentials = HostCredentials.find(AuthConf.find(request.uri(), env, settings.authFile()),
                "hyperv", uri.host(), uri.user(), "administrator", request.auth(), ErrorDomain.HYPERV);
        WsmanTls tls = uri.https() ? new WsmanTls(settings.caFiles(), uri.noVerify()) : null;
        WsmanClient client;
        try {
            // the client keeps the Basic credentials it makes of the password, not the array: wiped below
            client = HypervErrors.exchange("connection set-up", () -> new WsmanClient(new WsmanEndpoint(
                    uri.wsmanUrl(), credentials.user(), credentials.password(), tls, settings.connectTimeout(),
                    settings.callTimeout())));
        } catch (RuntimeException e) {
            Arrays.fill(credentials.password(), '\0');
            throw e;
        }
        try {
            List<CimInstance> os = HypervErrors.exchange("enumeration",
                    () -> client.query(CIMV2, Wql.select("Win32_OperatingSystem")));
            if (os.isEmpty() || os.get(0).get("Version") == null) {
                throw HypervErrors.internal("Could not get version information for host " + uri.host());
            }
            return new HypervContext(uri, settings, client, os.get(0).get("Version"));
        } catch (RuntimeException e) {
            client.close();
            throw e;
        } finally {
            Arrays.fill(credentials.password(), '\0');
        }
    }

    /** Win32_OperatingSystem.Version as read when the connection opened ({@code 10.0.17763}). */
    String windowsVersion() {
        return windowsVersion;
    }

    /** A WQL query in {@code namespace}: every instance it selects, over as many Pulls as it takes. */
    List<CimInstance> query(String namespace, Wql wql) {
        return HypervErrors.exchange("enumeration", () -> client.query(namespace, wql));
    }

    List<CimInstance> virtualization(Wql wql) {
        return query(VIRTUALIZATION, wql);
    }

    List<CimInstance> cimv2(Wql wql) {
        return query(CIMV2, wql);
    }

    /**
     * Invokes {@code method} on {@code target} and waits (at most the configured job timeout) for the job it
     * may start; the final result.
     */
    InvokeResult invoke(CimReference target, String method, CimParameter... parameters) {
        invocations.incrementAndGet();
        try {
            return HypervErrors.invocation(method,
                    () -> client.invokeAndWait(target, method, List.of(parameters), settings.jobTimeout()));
        } finally {
            invocations.incrementAndGet();
        }
    }

    /** A count that moves whenever this connection may have changed something on the host. */
    long changes() {
        return invocations.get();
    }

    /**
     * The host's Msvm_VirtualSystemManagementService (DefineSystem, ModifyResourceSettings...), by the keys its
     * instance carries (libvirt names only CreationClassName and lets WinRM find the one instance).
     */
    CimReference managementService() {
        CimReference known = managementService;
        if (known != null) {
            return known;
        }
        String className = "Msvm_VirtualSystemManagementService";
        List<CimInstance> found = virtualization(Wql.select(className));
        if (found.isEmpty()) {
            throw HypervErrors.internal("Could not look up " + className);
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String key : List.of("CreationClassName", "Name", "SystemCreationClassName", "SystemName")) {
            String value = found.get(0).get(key);
            if (value != null) {
                keys.put(key, value);
            }
        }
        keys.putIfAbsent("CreationClassName", className);
        managementService = new CimReference(resourceUri(VIRTUALIZATION, className), keys);
        return managementService;
    }

    /** An instance of a root/virtualization/v2 class by its keys (in the order given). */
    static CimReference reference(String className, String... keysAndValues) {
        Map<String, String> selectors = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            selectors.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new CimReference(resourceUri(VIRTUALIZATION, className), selectors);
    }

    static String resourceUri(String namespace, String className) {
        return RESOURCE_BASE + namespace + "/" + className;
    }

    /** HTTP requests sent so far, for tests and the benchmark. */
    long roundTrips() {
        return client.roundTrips();
    }

    @Override
    public void close() {
        client.close();
    }
}
