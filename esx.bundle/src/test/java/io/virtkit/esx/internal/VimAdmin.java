package io.virtkit.esx.internal;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.VimHttp;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vim.VimSession;

/** A plain vSphere session of a test's own on a simulator: another client, beside the connection under test. */
final class VimAdmin implements AutoCloseable {

    final VimSession session;
    final PropertyCollector properties;

    private VimAdmin(VimSession session) {
        this.session = session;
        this.properties = new PropertyCollector(session);
    }

    static VimAdmin login(VcsimFixture sim) throws Exception {
        VimHttp http = new VimHttp(URI.create("https://127.0.0.1:" + sim.port()), sim.sslContext(),
                Duration.ofSeconds(10), Duration.ofSeconds(30));
        return new VimAdmin(VimSession.login(http, VimSession.serviceContent(http), sim.options().user(),
                sim.options().password().toCharArray()));
    }

    /** The keys of the server's sessions but this one's. */
    Set<String> otherSessions() {
        MoRef manager = session.serviceObject("sessionManager");
        ObjectContent content = properties.retrieveOne(manager, "sessionList", "currentSession");
        String own = content.get("currentSession").map(s -> s.textAt("key")).orElseThrow();
        Set<String> keys = new LinkedHashSet<>();
        content.get("sessionList").ifPresent(list -> list.children().forEach(s -> keys.add(s.textAt("key"))));
        keys.remove(own);
        return keys;
    }

    /** The VM with this BIOS UUID. */
    MoRef vm(java.util.UUID uuid) {
        return session.call("FindByUuid", session.serviceObject("searchIndex"), VimNode.leaf("uuid", uuid.toString()),
                VimNode.leaf("vmSearch", "true")).child("returnval").map(VimNode::asMoRef).orElseThrow();
    }

    void terminate(String sessionKey) {
        session.call("TerminateSession", session.serviceObject("sessionManager"), VimNode.leaf("sessionId", sessionKey));
    }

    @Override
    public void close() {
        session.close();
    }
}
