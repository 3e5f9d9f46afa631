package io.virtkit.esx.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

import io.virtkit.api.ErrorDomain;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.VimFault;
import io.virtkit.esx.internal.vim.VimChanges;
import io.virtkit.esx.internal.vim.VimHttp;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vim.VimSession;
import io.virtkit.esx.internal.vim.VimTasks;
import io.virtkit.esx.internal.vim.VimTls;
import io.virtkit.support.AuthConf;
import io.virtkit.support.HostCredentials;

/**
 * One connection's vSphere side: the parsed URI, the logged-in session with its property collector and
 * task waiter, and the inventory objects it works in. Opening checks that the server is what the scheme
 * says (an ESX host for esx://, a vCenter for vpx://) before asking for credentials.
 */
final class EsxContext implements AutoCloseable {

    final EsxUri uri;
    final EsxSettings settings;
    final VimSession session;
    final PropertyCollector properties;
    final VimTasks tasks;
    final EsxHostRefs refs;

    private EsxContext(EsxUri uri, EsxSettings settings, VimSession session, EsxHostRefs refs) {
        this.uri = uri;
        this.settings = settings;
        this.session = session;
        this.properties = new PropertyCollector(session);
        this.tasks = new VimTasks(session, properties);
        this.refs = refs;
    }

    static EsxContext open(OpenRequest request, EsxSettings settings, Map<String, String> env) {
        return open(request, settings, env, new VimChanges());
    }

    /** Opens a context whose session counts its changes in {@code changes} (the driver's, shared by its connections). */
    static EsxContext open(OpenRequest request, EsxSettings settings, Map<String, String> env, VimChanges changes) {
        EsxUri uri = EsxUri.parse(request.uri());
        SSLContext tls;
        try {
            tls = uri.noVerify() ? VimTls.unchecked() : VimTls.checking(settings.caFiles());
        } catch (IOException | GeneralSecurityException e) {
            throw EsxErrors.internal("Cannot set up TLS for " + uri.host() + ": " + e.getMessage());
        }
        VimHttp http = new VimHttp(uri.base(), tls, settings.connectTimeout(), settings.callTimeout());
        VimNode serviceContent = EsxErrors.call(() -> VimSession.serviceContent(http));
        String apiType = serviceContent.textAt("about.apiType");
        if (uri.scheme().equals("vpx") && !"VirtualCenter".equals(apiType)) {
            throw EsxErrors.internal(uri.host() + " is not a vCenter server (it answers as " + apiType + ")");
        }
        if (!uri.scheme().equals("vpx") && !"HostAgent".equals(apiType)) {
            throw EsxErrors.internal(uri.host() + " is not an ESX host (it answers as " + apiType
                    + "; use vpx:// for a vCenter)");
        }
        HostCredentials credentials = HostCredentials.find(AuthConf.find(request.uri(), env, settings.authFile()),
                uri.authService(), uri.host(), uri.user(), uri.defaultUser(), request.auth(), ErrorDomain.ESX);
        VimSession session = EsxErrors.call(() -> {
            try {
                return VimSession.login(http, serviceContent, credentials.user(), credentials.password(), changes);
            } finally {
                java.util.Arrays.fill(credentials.password(), '\0');
            }
        });
        try {
            PropertyCollector properties = new PropertyCollector(session);
            EsxHostRefs refs = EsxErrors.call(() -> EsxHostRefs.locate(session, properties, uri));
            return new EsxContext(uri, settings, session, refs);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    Duration taskTimeout() {
        return settings.taskTimeout();
    }

    /** The server's product version ({@code 6.5.0}) as libvirt encodes versions (6005000). */
    long productVersion() {
        String version = session.about().textAt("version");
        if (version == null) {
            return 0;
        }
        String[] parts = version.split("\\.");
        long encoded = 0;
        long scale = 1_000_000;
        for (int i = 0; i < 3; i++) {
            long part = 0;
            if (i < parts.length) {
                try {
                    part = Long.parseLong(parts[i].replaceAll("\\D.*", ""));
                } catch (NumberFormatException e) {
                    part = 0;
                }
            }
            encoded += part * scale;
            scale /= 1000;
        }
        return encoded;
    }

    /** Whether a fault means the object is gone (deleted by someone else meanwhile). */
    static boolean notFound(RuntimeException e) {
        return e instanceof VimFault f && f.is("ManagedObjectNotFound");
    }

    @Override
    public void close() {
        session.close();
    }
}
