package io.virtkit.remote.internal.client;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.remote.internal.Procedure;
import io.virtkit.remote.internal.XdrReader;
import io.virtkit.remote.internal.XdrWriter;

/**
 * Opens a session with a daemon as libvirt's remote driver does ({@code doRemoteOpen}): the socket, AUTH_LIST (and
 * the one method chosen from it), whether the daemon answers keepalive PINGs, CONNECT_OPEN with the URI the daemon
 * is to open, then keepalive, and domain events once someone listens ({@link DomainEventRelay}). Every step of
 * the setup has a bound, so an unresponsive daemon fails the open instead of hanging it; what is left behind by a
 * failed step is closed.
 */
final class RemoteOpener {
    /** {@code remote_auth_type}. */
    static final int AUTH_NONE = 0;
    static final int AUTH_SASL = 1;
    static final int AUTH_POLKIT = 2;
    /** {@code REMOTE_PROC_AUTH_POLKIT}: the daemon checks the peer's credentials with polkit. */
    static final int PROC_AUTH_POLKIT = 70;
    /** {@code REMOTE_AUTH_TYPE_LIST_MAX}. */
    private static final int AUTH_TYPE_LIST_MAX = 20;
    /** {@code VIR_DRV_FEATURE_PROGRAM_KEEPALIVE}. */
    static final int FEATURE_PROGRAM_KEEPALIVE = 10;
    /** {@code VIR_CONNECT_RO}. */
    private static final int CONNECT_RO = 1;

    private final Dialer dialer;
    private final Duration setupTimeout;
    private final RpcClient.KeepAlive keepAlive;

    /** How the socket to a target is made (TLS needs its files and checks). */
    interface Dialer {
        ClientSocket dial(RemoteUri target, Duration timeout) throws IOException;
    }

    RemoteOpener(Dialer dialer, Duration setupTimeout, RpcClient.KeepAlive keepAlive) {
        this.dialer = dialer;
        this.setupTimeout = setupTimeout;
        this.keepAlive = keepAlive;
    }

    RemoteConnection open(RemoteUri target, OpenRequest request, ConnectionEvents events) {
        ClientSocket socket = dial(target);
        DomainEventRelay relay = new DomainEventRelay(events);
        RpcClient client = new RpcClient(socket, target.peer(), relay::message);
        RemoteConnection connection = new RemoteConnection(client, request.uri().toString());
        try {
            authenticate(client);
            boolean keepAliveAnswered = connection.supportsFeature(FEATURE_PROGRAM_KEEPALIVE, setupTimeout);
            byte[] args = new XdrWriter().writeOptionalString(target.name())
                    .writeUnsigned(request.readOnly() ? CONNECT_RO : 0).toByteArray();
            client.call(Procedure.CONNECT_OPEN.number(), args, setupTimeout);
            if (keepAliveAnswered) {
                client.startKeepAlive(keepAlive);
            }
            relay.start(connection);
            return connection;
        } catch (VirtException | Error e) {
            client.close();
            throw e;
        }
    }

    private ClientSocket dial(RemoteUri target) {
        try {
            return dialer.dial(target, setupTimeout);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (target.transport().equals("unix")) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                        "Failed to connect socket to '" + target.socket() + "': " + why);
            }
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "unable to connect to server at '" + target.host() + ":" + target.port() + "': " + why);
        }
    }

    /** AUTH_LIST, then the first method offered: none, or polkit (the daemon decides on its own). */
    private void authenticate(RpcClient client) {
        List<Integer> types = RemoteConnection.decode(
                client.call(Procedure.AUTH_LIST.number(), new byte[0], setupTimeout),
                in -> in.readArray(AUTH_TYPE_LIST_MAX, XdrReader::readInt));
        if (types.isEmpty() || types.get(0) == AUTH_NONE) {
            return;
        }
        if (types.get(0) == AUTH_POLKIT) {
            client.call(PROC_AUTH_POLKIT, new byte[0], setupTimeout);
            return;
        }
        throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.RPC,
                "unsupported authentication type " + types.get(0));
    }
}
