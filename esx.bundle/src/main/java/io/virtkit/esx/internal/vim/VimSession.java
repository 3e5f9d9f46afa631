package io.virtkit.esx.internal.vim;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Arrays;
import java.util.List;

/**
 * A logged-in vSphere session: the service content, then every call in the session. A call refused with
 * {@code NotAuthenticated} (the server dropped an idle session) logs in again once, with the same
 * credentials, and is repeated: libvirt's ESX driver asks for the session with {@code SessionIsActive}
 * before calls; answering the fault costs nothing while the session lives. Thread-safe.
 */
public final class VimSession implements AutoCloseable {

    private static final MoRef SERVICE_INSTANCE = new MoRef("ServiceInstance", "ServiceInstance");

    private final VimHttp http;
    private final VimNode serviceContent;
    private final String soapAction;
    private final String user;
    private final char[] password;
    private final Object loginLock = new Object();
    private long logins;
    private volatile boolean closed;
    /** Calls that may have changed something on a server (every method but the known reads), for caches. */
    private final VimChanges changes;
    private static final java.util.Set<String> READS = java.util.Set.of("RetrievePropertiesEx",
            "ContinueRetrievePropertiesEx", "RetrieveProperties", "FindByUuid", "FindByInventoryPath",
            "FindByDatastorePath", "FindByIp", "FindByDnsName", "FindChild", "SessionIsActive", "WaitForUpdatesEx",
            "WaitForUpdates", "CheckForUpdates", "CancelWaitForUpdates", "CurrentTime");

    private VimSession(VimHttp http, VimNode serviceContent, String user, char[] password, VimChanges changes) {
        this.http = http;
        this.changes = changes;
        this.serviceContent = serviceContent;
        String version = serviceContent.textAt("about.apiVersion");
        this.soapAction = version == null ? "urn:vim25" : "urn:vim25/" + version;
        this.user = user;
        this.password = password;
    }

    /** Reads the service content without logging in (to learn what the server is before asking for credentials). */
    public static VimNode serviceContent(VimHttp http) {
        return send(http, "urn:vim25", "RetrieveServiceContent", SERVICE_INSTANCE, List.of())
                .child("returnval").orElseThrow(() -> new VimProtocolException(
                        "RetrieveServiceContent answered without a service content"));
    }

    /** Logs in to the server behind {@code http}; InvalidLogin and the like come as {@link VimFault}. */
    public static VimSession login(VimHttp http, VimNode serviceContent, String user, char[] password) {
        return login(http, serviceContent, user, password, new VimChanges());
    }

    /** Logs in, counting this session's changes in {@code changes} (shared with the driver's other sessions). */
    public static VimSession login(VimHttp http, VimNode serviceContent, String user, char[] password,
            VimChanges changes) {
        VimSession session = new VimSession(http, serviceContent, user, password.clone(), changes);
        session.loginNow();
        return session;
    }

    private void loginNow() {
        send(http, soapAction, "Login", serviceObject("sessionManager"),
                List.of(VimNode.leaf("userName", user), VimNode.leaf("password", new String(password))));
        logins++;
    }

    public VimHttp http() {
        return http;
    }

    public VimNode serviceContent() {
        return serviceContent;
    }

    /** {@code about} of the service content: product name, version, apiType (HostAgent, VirtualCenter). */
    public VimNode about() {
        return serviceContent.child("about").orElseThrow(() -> new VimProtocolException("no 'about' in the service content"));
    }

    /** Whether the server is a vCenter ({@code apiType VirtualCenter}) rather than an ESX host agent. */
    public boolean isVcenter() {
        return "VirtualCenter".equals(about().textAt("apiType"));
    }

    /** A reference of the service content ({@code propertyCollector}, {@code rootFolder}, ...). */
    public MoRef serviceObject(String field) {
        return serviceContent.child(field).map(VimNode::asMoRef)
                .orElseThrow(() -> new VimProtocolException("the server offers no " + field));
    }

    /** How many times this session logged in (1 until the server dropped it). */
    public long logins() {
        synchronized (loginLock) {
            return logins;
        }
    }

    /**
     * The count of the calls of this driver's sessions that may have changed a server's state ({@link VimChanges}:
     * every method but the known reads, whether it succeeds or not, counted when sent and when answered; tasks
     * also when they end).
     */
    public long changes() {
        return changes.count();
    }

    /** Calls {@code method} on {@code self}; the method's {@code ...Response} element. */
    public VimNode call(String method, MoRef self, VimNode... arguments) {
        if (closed) {
            throw new VimTransportException("the vSphere session is closed", null);
        }
        if (READS.contains(method)) {
            return callOnce(method, self, arguments);
        }
        // counted before (a read begun meanwhile is outdated) and after (one begun during the call is too)
        changes.note();
        try {
            return callOnce(method, self, arguments);
        } finally {
            changes.note();
        }
    }

    /** Notes a change the server made on this session's behalf after the call that asked for it (a task's end). */
    public void noteChange() {
        changes.note();
    }

    private VimNode callOnce(String method, MoRef self, VimNode... arguments) {
        long loginsBefore;
        synchronized (loginLock) {
            loginsBefore = logins;
        }
        try {
            return send(http, soapAction, method, self, Arrays.asList(arguments));
        } catch (VimFault fault) {
            if (!fault.is("NotAuthenticated") || closed) {
                throw fault;
            }
            synchronized (loginLock) {
                if (logins == loginsBefore) { // nobody logged in again meanwhile
                    loginNow();
                }
            }
            return send(http, soapAction, method, self, Arrays.asList(arguments));
        }
    }

    private static VimNode send(VimHttp http, String soapAction, String method, MoRef self, List<VimNode> arguments) {
        String envelope = VimXmlWriter.request(method, self, arguments.stream().filter(a -> a != null).toList());
        HttpResponse<InputStream> response;
        try {
            response = http.post(soapAction, envelope);
        } catch (HttpTimeoutException e) {
            throw new VimTransportException("no answer from " + http.base() + " to '" + method + "' in time", e);
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new VimTransportException("the server certificate of " + http.base() + " could not be verified ("
                    + e.getMessage() + "): trust its CA (the ESX driver's caFile setting, pid io.virtkit.esx) or connect with no_verify=1", e);
        } catch (IOException e) {
            throw new VimTransportException("cannot reach " + http.base() + " for '" + method + "': "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VimTransportException("interrupted during '" + method + "'", e);
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            if (status == 200) {
                VimNode answer;
                try {
                    answer = VimXmlReader.body(body);
                } catch (VimProtocolException e) { // a proxy's page, a cut-off answer: say whose and to what
                    throw new VimProtocolException("malformed answer from " + http.base() + " to '" + method + "': "
                            + e.getMessage().replaceAll("\\s*\\R\\s*", "; "), e);
                }
                if ("Fault".equals(answer.name())) {
                    throw fault(method, status, answer);
                }
                return answer;
            }
            if (status == 500) {
                VimNode answer;
                try {
                    answer = VimXmlReader.body(body);
                } catch (VimProtocolException e) {
                    throw new VimProtocolException("HTTP response code 500 for call to '" + method + "'", e);
                }
                if ("Fault".equals(answer.name())) {
                    throw fault(method, status, answer);
                }
            }
            throw new VimProtocolException("HTTP response code " + status + " for call to '" + method + "'");
        } catch (IOException e) {
            throw new VimTransportException("the answer to '" + method + "' broke off: " + e.getMessage(), e);
        }
    }

    private static VimFault fault(String method, int status, VimNode fault) {
        String code = fault.textAt("faultcode");
        String string = fault.textAt("faultstring");
        VimNode detail = fault.child("detail").flatMap(d -> d.children().stream().findFirst()).orElse(null);
        String type = null;
        if (detail != null) {
            type = detail.xsiType().orElseGet(() -> detail.name().endsWith("Fault")
                    ? detail.name().substring(0, detail.name().length() - "Fault".length()) : detail.name());
        }
        return new VimFault(method, status, code == null ? "" : code, string == null ? "" : string, type, detail);
    }

    /** Logs out (a dropped server is not an error here); later calls fail. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            send(http, soapAction, "Logout", serviceObject("sessionManager"), List.of());
        } catch (RuntimeException e) {
            // the session ends either way; the server drops it on its own timeout
        }
        Arrays.fill(password, '\0');
    }
}
