package io.virtkit.remote.internal.client;

import java.io.IOException;
import java.time.Duration;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** TLS until the tls package's client sockets land: refused. */
final class TlsDial {
    private TlsDial() {
    }

    static ClientSocket connect(RemoteUri target, Duration timeout) throws IOException {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.RPC, "TLS transport");
    }
}
