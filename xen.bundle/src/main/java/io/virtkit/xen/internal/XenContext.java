package io.virtkit.xen.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.xen.internal.channel.LocalXenChannel;
import io.virtkit.xen.internal.channel.PasswordPrompt;
import io.virtkit.xen.internal.channel.SshTarget;
import io.virtkit.xen.internal.channel.SshXenChannel;
import io.virtkit.xen.internal.channel.XenChannel;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/** What one xen:// connection works with: its URI, its channel to the host and the toolstack over it. */
final class XenContext implements AutoCloseable {

    /** Present in dom0 (and only where Xen runs): where a local connection is possible at all. */
    static final Path XEN_CAPABILITIES = Path.of("/proc/xen/capabilities");

    final XenUri uri;
    final XenSettings settings;
    final XenChannel channel;
    final XlToolstack xl;

    private XenContext(XenUri uri, XenSettings settings, XenChannel channel) {
        this.uri = uri;
        this.settings = settings;
        this.channel = channel;
        this.xl = new XlToolstack(channel, settings.commandTimeout());
    }

    /**
     * Opens the channel the URI names and proves it with {@code xl info}; empty for {@code xen:///system} where
     * this machine is no dom0 (another driver, or none, may take it: libvirt declines the same way).
     */
    static Optional<XenContext> open(OpenRequest request, XenSettings settings, Path home) {
        XenUri uri = XenUri.parse(request.uri());
        XenChannel channel;
        if (uri.local()) {
            if (!Files.exists(XEN_CAPABILITIES)) {
                return Optional.empty();
            }
            channel = new LocalXenChannel();
        } else {
            channel = ssh(uri, settings, home, SshPasswords.from(request.auth()));
        }
        XenContext context = new XenContext(uri, settings, channel);
        try {
            context.xl.info();
            return Optional.of(context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    private static XenChannel ssh(XenUri uri, XenSettings settings, Path home, PasswordPrompt passwords) {
        List<Path> keys = new ArrayList<>(uri.keyFiles());
        if (keys.isEmpty()) {
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                Path key = home.resolve(".ssh").resolve(name);
                if (Files.isReadable(key)) {
                    keys.add(key);
                }
            }
        }
        for (Path key : keys) {
            if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
                throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.LIBXL, "cannot read the SSH key file '"
                        + key + "' (" + (Files.exists(key) ? "not a readable file" : "no such file") + ")");
            }
        }
        Path knownHosts = uri.knownHosts() != null ? uri.knownHosts() : home.resolve(".ssh/known_hosts");
        SshTarget target = new SshTarget(uri.user(), uri.host(), uri.port(), keys, knownHosts, uri.noVerify(),
                settings.connectTimeout());
        SshXenChannel channel = new SshXenChannel(target, passwords);
        try {
            return channel.connect();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw SshFailures.of(target, e);
        }
    }

    @Override
    public void close() {
        channel.close();
    }
}
