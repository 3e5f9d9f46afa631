package io.virtkit.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The entry point, registered as an OSGi service: opens connections by URI ({@code test:///default},
 * {@code qemu:///system}, …). The URI's scheme picks one of the hypervisor drivers registered at that
 * moment; a driver may decline a URI, in which case the next driver serving the scheme is asked.
 */
@ProviderType
public interface ConnectionFactory {

    /**
     * Opens a connection.
     *
     * @throws VirtException {@link ErrorCode#NO_CONNECT} when no registered driver accepts the URI,
     *         {@link ErrorCode#INVALID_ARG} when the URI cannot be parsed, or the driver's own error
     */
    default Connection open(String uri) {
        return open(ConnectRequest.to(uri));
    }

    /**
     * Opens a connection as libvirt's {@code virConnectOpenAuth}: with flags (READ_ONLY), a callback for the
     * credentials the driver asks for, and the caller's identity.
     *
     * @throws VirtException as {@link #open(String)}, or {@link ErrorCode#AUTH_FAILED} /
     *         {@link ErrorCode#AUTH_CANCELLED} from the driver
     * @since 1.2
     */
    Connection open(ConnectRequest request);

    /** The drivers registered now, in the order they are asked. */
    List<DriverInfo> drivers();
}
