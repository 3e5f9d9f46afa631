package io.virtkit.remote.internal.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.virtkit.remote.internal.tls.TlsClientSockets;
import io.virtkit.remote.internal.tls.TlsFiles;

/** The TLS transport's socket, with the client files libvirt's client would take for the URI. */
final class TlsDial {
    private TlsDial() {
    }

    static ClientSocket connect(RemoteUri target, Duration timeout) throws IOException {
        return ClientSocket.of(TlsClientSockets.connect(target.host(), target.port(), files(target), target.verify(),
                timeout));
    }

    /** {@code pkipath=DIR}'s files, else libvirt's: the system's for root, ~/.pki/libvirt's for others. */
    static TlsFiles files(RemoteUri target) {
        if (target.pkiPath() != null) {
            return TlsFiles.clientIn(target.pkiPath());
        }
        return TlsFiles.clientDefaults(Path.of(System.getProperty("user.home")),
                "root".equals(System.getProperty("user.name")));
    }
}
