package io.virtkit.model.domain;

import io.virtkit.model.netcommon.Bandwidth;
import io.virtkit.model.netcommon.IpRoute;
import io.virtkit.model.netcommon.PortOptions;
import io.virtkit.model.netcommon.VirtualPort;
import io.virtkit.model.netcommon.Vlan;
import java.util.List;
import java.util.Objects;

/**
 * The settings of an {@code <interface>} beyond its type, MAC, source, target, model and MTU; each
 * {@code null} when absent.
 *
 * @param vlan          the VLAN tags
 * @param virtualPort   the switch port profile
 * @param bandwidth     the QoS limits
 * @param port          the port options ({@code isolated})
 * @param backendDomain the domain providing the backend ({@code <backenddomain name>})
 * @param filterRef     the network filter
 * @param sndbuf        the TAP send buffer size ({@code <tune><sndbuf>})
 * @param teaming       the failover teaming
 * @param linkState     {@code up} or {@code down}
 * @param rxFramesMax   {@code <coalesce><rx><frames max>}
 * @param rom           the option ROM settings
 * @param source        the source's attributes beyond the network or bridge name
 *                      ({@link InterfaceSource#NONE} when none; {@code null} reads as that)
 * @param host          scripts, guest-side names, back end, MAC provenance and trust
 *                      ({@link HostSide#NONE} when none; {@code null} reads as that)
 * @param driver        the {@code <driver>} (back end, queues, offloads), or {@code null}
 * @param ips           the guest side's {@code <ip>}s
 * @param routes        the guest side's {@code <route>}s
 * @param portForwards  the {@code <portForward>}s of a passt back end
 * @param bootOrder     the {@code <boot order>}, or {@code null}
 * @param bootLoadParm  the s390 boot load parameter ({@code <boot loadparm>}), or {@code null}
 */
public record InterfaceSettings(Vlan vlan, VirtualPort virtualPort, Bandwidth bandwidth, PortOptions port,
        String backendDomain, FilterRef filterRef, Integer sndbuf, Teaming teaming, String linkState,
        Integer rxFramesMax, Rom rom, InterfaceSource source, HostSide host, InterfaceDriver driver,
        List<InterfaceIp> ips, List<IpRoute> routes, List<InterfacePortForward> portForwards, Integer bootOrder,
        String bootLoadParm) {

    /** No setting. */
    public static final InterfaceSettings NONE = new InterfaceSettings(null, null, null, null, null, null, null,
            null, null, null, null, InterfaceSource.NONE, HostSide.NONE);

    /** Settings of the form before driver, addresses, routes, port forwards and boot order were modelled. */
    public InterfaceSettings(Vlan vlan, VirtualPort virtualPort, Bandwidth bandwidth, PortOptions port,
            String backendDomain, FilterRef filterRef, Integer sndbuf, Teaming teaming, String linkState,
            Integer rxFramesMax, Rom rom, InterfaceSource source, HostSide host) {
        this(vlan, virtualPort, bandwidth, port, backendDomain, filterRef, sndbuf, teaming, linkState, rxFramesMax,
                rom, source, host, null, List.of(), List.of(), List.of(), null, null);
    }

    /**
     * The host side of an interface; each {@code null} when absent.
     *
     * @param script              the {@code <script path>} run when the TAP is made
     * @param downscript          the {@code <downscript path>} run when it goes
     * @param guestDev            the {@code <guest dev>} name in a container
     * @param guestActual         the {@code <guest actual>} name in a container (live)
     * @param backendType         the {@code <backend type>} ({@code passt})
     * @param backendTap          the {@code <backend tap>} device
     * @param backendVhost        the {@code <backend vhost>} device
     * @param backendLogFile      the {@code <backend logFile>}
     * @param macType             the MAC's {@code type} ({@code generated}, {@code static}), information only
     * @param macCheck            the MAC's {@code check}
     * @param managed             a {@code hostdev} interface's {@code managed}
     * @param trustGuestRxFilters whether the guest's receive filters are trusted
     */
    public record HostSide(String script, String downscript, String guestDev, String guestActual,
            String backendType, String backendTap, String backendVhost, String backendLogFile, String macType,
            Boolean macCheck, Boolean managed, Boolean trustGuestRxFilters) {

        /** Nothing set. */
        public static final HostSide NONE = new HostSide(null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public InterfaceSettings {
        source = source == null ? InterfaceSource.NONE : source;
        host = host == null ? HostSide.NONE : host;
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
        portForwards = portForwards == null ? List.of() : List.copyOf(portForwards);
        if (bootOrder != null && bootOrder < 1) {
            throw new IllegalArgumentException("incorrect boot order '" + bootOrder
                    + "', expecting positive integer");
        }
    }

    /** A copy with another driver. */
    public InterfaceSettings withDriver(InterfaceDriver newDriver) {
        return new InterfaceSettings(vlan, virtualPort, bandwidth, port, backendDomain, filterRef, sndbuf, teaming,
                linkState, rxFramesMax, rom, source, host, newDriver, ips, routes, portForwards, bootOrder,
                bootLoadParm);
    }

    /**
     * A {@code <filterref>}: an nwfilter by name with its parameters.
     *
     * @param filter     the filter's name
     * @param parameters the {@code <parameter name value>}s in document order
     */
    public record FilterRef(String filter, List<Parameter> parameters) {
        public FilterRef {
            Objects.requireNonNull(filter, "filter");
            parameters = parameters == null ? List.of() : List.copyOf(parameters);
        }
    }

    /** A filter parameter. */
    public record Parameter(String name, String value) {
    }

    /**
     * A {@code <teaming>}: this NIC's part in a failover pair.
     *
     * @param type       {@code persistent} or {@code transient}
     * @param persistent the alias of the persistent NIC (transient only), or {@code null}
     */
    public record Teaming(String type, String persistent) {
    }

    /**
     * A {@code <rom>}: the NIC's option ROM; each {@code null} when absent.
     *
     * @param enabled whether it has one
     * @param bar     whether it is visible in the guest's memory map
     * @param file    the ROM image
     */
    public record Rom(Boolean enabled, Boolean bar, String file) {
    }

    /**
     * The XML element names of what is set, in libvirt's order, for a driver to name what it cannot honour;
     * a link that is {@code up} is every NIC's state and not listed.
     */
    public List<String> elementNames() {
        List<String> names = new java.util.ArrayList<>();
        boolean backend = host.backendType() != null || host.backendTap() != null || host.backendVhost() != null
                || host.backendLogFile() != null;
        Object[] values = {host.trustGuestRxFilters(), source.isEmpty() ? null : source, vlan, virtualPort,
            bandwidth, port, host.script(), host.downscript(), backendDomain, host.guestDev(),
            backend ? host : null, filterRef, sndbuf, teaming, "down".equals(linkState) ? linkState : null,
            rxFramesMax, rom, driver, ips.isEmpty() ? null : ips, routes.isEmpty() ? null : routes,
            portForwards.isEmpty() ? null : portForwards, bootOrder};
        String[] elements = {"trustGuestRxFilters", "source", "vlan", "virtualport", "bandwidth", "port", "script",
            "downscript", "backenddomain", "guest", "backend", "filterref", "tune", "teaming", "link", "coalesce",
            "rom", "driver", "ip", "route", "portForward", "boot"};
        for (int n = 0; n < values.length; n++) {
            if (values[n] != null) {
                names.add(elements[n]);
            }
        }
        return names;
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
