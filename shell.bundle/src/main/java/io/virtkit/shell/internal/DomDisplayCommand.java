package io.virtkit.shell.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Domain;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.GraphicsDevice;

/**
 * virsh's {@code domdisplay} for VNC and SPICE: the URI a viewer takes, built from the live XML. As in virsh
 * a VNC port becomes a display number (port - 5900), a SPICE port stays itself, a wildcard listen
 * address becomes the connection's host (localhost for a local URI), and an IPv6 address is bracketed.
 * A framebuffer whose port is not allocated yet (autoport before start) offers no display.
 */
@Service
@Command(scope = "virt", name = "domdisplay", description = "Show the URI of a running domain's graphical display",
        detailedDescription = "Prints the URI to connect a viewer to the running domain's VNC display, e.g. "
                + "vnc://localhost:1 for VNC port 5901, spice://localhost:5902 for SPICE; --include-password puts "
                + "the password in it.")
public class DomDisplayCommand extends DomainCommand {

    /** VNC viewers count displays from this port. */
    static final int VNC_BASE_PORT = 5900;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    @Option(name = "--include-password", description = "Include the VNC or SPICE password in the URI")
    boolean includePassword;

    @Override
    void execute(Domain domain) throws Exception {
        if (!domain.isActive()) {
            throw Errors.of("Domain is not running");
        }
        String xml = includePassword ? domain.xml(XmlFlag.SECURE) : domain.xml();
        DomainDefinition definition = DomainXmlCodec.parse(xml);
        for (GraphicsDevice graphics : definition.devices().graphics()) {
            boolean viewable = graphics.type() == GraphicsDevice.Type.VNC
                    || graphics.type() == GraphicsDevice.Type.SPICE;
            if (viewable && graphics.port() > 0) {
                System.out.println(displayUri(graphics, domain.connection().uri(), includePassword));
                return;
            }
        }
        throw Errors.of("No graphical display found");
    }

    static String displayUri(GraphicsDevice graphics, String connectionUri, boolean includePassword) {
        String host = graphics.listen();
        if (host == null || host.isBlank() || isWildcard(host)) {
            host = serverOf(connectionUri);
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        StringBuilder uri = new StringBuilder(graphics.type().xmlName()).append("://");
        if (includePassword && graphics.passwd() != null && !graphics.passwd().isEmpty()) {
            uri.append(':').append(graphics.passwd()).append('@');
        }
        // a VNC viewer takes a display number, a SPICE client the port
        int port = graphics.type() == GraphicsDevice.Type.VNC ? graphics.port() - VNC_BASE_PORT : graphics.port();
        return uri.append(host).append(':').append(port).toString();
    }

    /** 0.0.0.0 and :: (any spelling) listen everywhere; checked textually, never by a name lookup. */
    static boolean isWildcard(String address) {
        String bare = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        if (IPV4.matcher(bare).matches()) {
            return bare.chars().allMatch(c -> c == '0' || c == '.');
        }
        return bare.contains(":") && bare.chars().allMatch(c -> c == '0' || c == ':');
    }

    /** The host of a remote connection URI (qemu+ssh://host/system), else localhost. */
    private static String serverOf(String connectionUri) {
        try {
            String server = connectionUri == null ? null : new URI(connectionUri).getHost();
            return server == null || server.isEmpty() ? "localhost" : server;
        } catch (URISyntaxException e) {
            return "localhost";
        }
    }
}
