package io.virtkit.lxc.internal;

import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.support.DriverDirs;
import io.virtkit.support.DriverStates;
import io.virtkit.support.LocalDriverUri;
import io.virtkit.support.net.VethProvider;

/**
 * libvirt's LXC driver: {@code lxc:///} (also {@code lxc:///system}) runs containers from domain XML
 * ({@code <domain type='lxc'>}, {@code <os><type>exe</type><init>…}) in their own namespaces and cgroups,
 * without any LXC userspace. Activation loads persistent domains and returns; running containers are taken
 * over through their status files, and autostart domains started, in the background, one task per domain
 * (a domain answers once its task is done); deactivation never stops a container. Core's connection
 * factory opens it (in plain Java too: {@code new DefaultConnectionFactory().withHypervisorDriver(driver)});
 * read-only connections and closed-connection errors are core's.
 */
@Component(service = HypervisorDriver.class, configurationPid = LxcDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LxcDriverConfig.class)
public final class LxcDriver implements HypervisorDriver {

    static final String PID = "io.virtkit.lxc";

    private final DriverDirs dirs;
    private final DriverStates<LxcDomainObject, LxcConnection, LxcState> states =
            new DriverStates<>("LXC", ErrorDomain.LXC);

    /**
     * The host side of containers' network interfaces (veth pairs), from the netdev bundle. Optional and
     * dynamic: without it containers without interfaces still run, and only starting one with a network,
     * bridge or ethernet interface fails. Read once per start (and at a container's end, to unplug it).
     */
    private volatile VethProvider vethProvider;

    @Activate
    public LxcDriver(LxcDriverConfig config) {
        this(LxcDriverSettings.of(config), null);
    }

    public LxcDriver(LxcDriverSettings settings) {
        this(settings, null);
    }

    /** As {@link #LxcDriver(LxcDriverSettings)}, with the veth provider given directly (plain Java, tests); null for none. */
    public LxcDriver(LxcDriverSettings settings, VethProvider vethProvider) {
        this(settings, vethProvider, null);
    }

    /** For tests: {@code reconnectHook} is called with a domain's name as its activation task begins. */
    LxcDriver(LxcDriverSettings settings, VethProvider vethProvider, java.util.function.Consumer<String> reconnectHook) {
        this.vethProvider = vethProvider;
        this.dirs = new DriverDirs(settings.config(), settings.runtime(), settings.log());
        // e.g. not root: the URI fails to open with this reason, the bundle still activates
        states.load(dirs, x -> new LxcState(settings, () -> this.vethProvider, reconnectHook));
    }

    @Override
    public String name() {
        return "LXC";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("lxc");
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        Optional<String> local = LocalDriverUri.path(request.uri(), "lxc");
        if (local.isEmpty()) {
            return Optional.empty();
        }
        String path = local.get();
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/system")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC,
                    "Unexpected LXC URI path '" + path + "', try lxc:///system");
        }
        return states.open(dirs, "lxc:///system", state -> new LxcConnection(state, "lxc:///system", events))
                .map(c -> c);
    }

    /** Lets go of connections; every container keeps running for the next driver instance. */
    @Deactivate
    public void close() {
        states.close();
    }

    /** The state (tests); null when it failed to load. */
    LxcState state() {
        return states.state(dirs);
    }

    /** The veth provider arrived (it may come after this driver's activation): autostart domains that could not start without it start now. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unsetVethProvider")
    void setVethProvider(VethProvider provider) {
        this.vethProvider = provider;
        states.autostartInBackground();
    }

    void unsetVethProvider(VethProvider provider) {
        if (this.vethProvider == provider) {
            this.vethProvider = null;
        }
    }
}
