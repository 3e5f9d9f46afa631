package io.virtkit.hyperv.internal.wsman;

import java.nio.file.Path;
import java.util.List;

/**
 * TLS of an https endpoint: the JDK's CAs plus the certificates of extra PEM files ({@code caFiles}), chain and
 * host name checked; or, with {@code noVerify} (libvirt's {@code no_verify=1}), no checks at all.
 */
public record WsmanTls(List<Path> caFiles, boolean noVerify) {

    public WsmanTls {
        caFiles = List.copyOf(caFiles);
    }

    /** The JDK's CAs only, checked. */
    public static WsmanTls checked() {
        return new WsmanTls(List.of(), false);
    }
}
