package io.virtkit.qemu.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainLockManager;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.driver.StorageDriver;
import io.virtkit.support.DriverDirs;
import io.virtkit.support.DriverStates;
import io.virtkit.support.LocalDriverUri;
import io.virtkit.support.net.TapProvider;

/**
 * libvirt's QEMU driver: {@code qemu:///system} and {@code qemu:///session} manage real QEMU processes
 * through QMP. Each URI has one state (shared by all its connections; one state when both use the same
 * directories), loaded at activation: persistent domains, running guests found again through their
 * status files, autostart domains started. Deactivation closes monitors and connections but never
 * stops a guest. Usable from plain Java through core's connection factory:
 * {@code new DefaultConnectionFactory().withHypervisorDriver(new QemuDriver(settings)).open("qemu:///session")}.
 */
@Component(service = HypervisorDriver.class, configurationPid = QemuDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = QemuDriverConfig.class)
public final class QemuDriver implements HypervisorDriver {

    static final String PID = "io.virtkit.qemu";

    private final QemuDriverSettings settings;
    private final DriverStates<QemuDomainObject, QemuConnection, QemuState> states =
            new DriverStates<>("QEMU", ErrorDomain.QEMU);

    /**
     * The host side of TAP-backed guest interfaces (network, bridge, ethernet), from the netdev bundle.
     * Optional and dynamic: without it the driver still runs guests with user-mode or no networking, and
     * only starting a guest with such an interface fails. Read once per start.
     */
    private volatile TapProvider tapProvider;
    /**
     * The disk lock manager (libvirt's lock_manager; the cluster bundle registers one): optional, dynamic and greedy
     * (a manager arriving later is taken at once). Read at each start and before each {@code cont}; without one,
     * guests run without disk leases as before.
     */
    private volatile DomainLockManager lockManager;
    private final QemuStorageDrivers storageDrivers = new QemuStorageDrivers();
    /**
     * Virtkit's connection factory, through which a peer-to-peer migration opens its destination (the remote
     * client driver serves {@code qemu+tls://host/system}): given directly (plain Java, tests), else looked up in
     * the framework when a peer-to-peer migration runs. Without core the driver still runs, and only a
     * peer-to-peer migration fails.
     */
    private volatile ConnectionFactory connectionFactory;
    private final ConnectionFactoryLookup connectionFactoryLookup;

    @Activate
    public QemuDriver(QemuDriverConfig config, BundleContext context) {
        this(QemuDriverSettings.of(config), null, new ConnectionFactoryLookup(context));
    }

    /** A driver on explicit settings (tests, plain Java): loads both URIs' states at once. */
    public QemuDriver(QemuDriverSettings settings) {
        this(settings, null);
    }

    /**
     * As {@link #QemuDriver(QemuDriverSettings)}, with the TAP provider for network, bridge and ethernet
     * interfaces given directly (plain Java, tests); null for none.
     */
    public QemuDriver(QemuDriverSettings settings, TapProvider tapProvider) {
        this(settings, tapProvider, null);
    }

    private QemuDriver(QemuDriverSettings settings, TapProvider tapProvider, ConnectionFactoryLookup lookup) {
        this.settings = settings;
        this.connectionFactoryLookup = lookup;
        this.tapProvider = tapProvider;
        // e.g. no permission for the system directories: that URI fails to open, the other works
        for (DriverDirs dirs : List.of(settings.system(), settings.session())) {
            // the URI whose storage driver resolves volume disks (dirs serving both, as in tests: session)
            String uri = dirs.equals(settings.session()) ? "qemu:///session" : "qemu:///system";
            states.load(dirs, x -> new QemuState(settings, x, () -> this.tapProvider,
                    def -> storageDrivers.resolveVolumes(def, uri), this::connectionFactory, () -> this.lockManager));
        }
    }

    @Override
    public String name() {
        return "QEMU";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("qemu");
    }

    /** {@code qemu:///system} or {@code qemu:///session}; a URI with a host or a transport is not local. */
    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        Optional<String> local = localPath(request);
        if (local.isEmpty()) {
            return Optional.empty();
        }
        String path = local.get();
        DriverDirs dirs;
        if ("/system".equals(path)) {
            dirs = settings.system();
        } else if ("/session".equals(path)) {
            dirs = settings.session();
        } else {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "unexpected QEMU URI path '" + path + "', try qemu:///system");
        }
        return states.open(dirs, "qemu://" + path, state -> new QemuConnection(state, "qemu://" + path, events))
                .map(c -> c);
    }

    /**
     * The path of a URI this driver serves: {@code qemu:///…}, and {@code qemu+unix:///…} without {@code socket=},
     * which names this host's own daemon (Virtkit itself: the remote client driver leaves it to the local drivers);
     * empty for a host, another transport or another daemon's socket.
     */
    static Optional<String> localPath(OpenRequest request) {
        Optional<String> local = LocalDriverUri.path(request.uri(), "qemu");
        java.net.URI uri = request.uri();
        if (local.isPresent() || !"qemu".equals(request.driverScheme())
                || !"unix".equals(request.transport().orElse(null)) || uri.isOpaque()
                || (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty())) {
            return local;
        }
        String query = uri.getRawQuery();
        if (query != null && java.util.Arrays.stream(query.split("&")).anyMatch(p -> p.startsWith("socket="))) {
            return Optional.empty();
        }
        return Optional.of(uri.getPath() == null ? "" : uri.getPath());
    }

    /** Lets go of monitors and connections; every guest keeps running for the next driver instance. */
    @Deactivate
    public void close() {
        states.close();
        if (connectionFactoryLookup != null) {
            connectionFactoryLookup.close();
        }
    }

    QemuDriverSettings settings() {
        return settings;
    }

    /**
     * The TAP provider arrived (it may come after this driver's activation): autostart domains that could
     * not start without it start now, on the driver's thread (SCR's bind thread must not wait for QEMU).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unsetTapProvider")
    void setTapProvider(TapProvider provider) {
        this.tapProvider = provider;
        states.autostartInBackground();
    }

    void unsetTapProvider(TapProvider provider) {
        if (this.tapProvider == provider) {
            this.tapProvider = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetLockManager")
    void setLockManager(DomainLockManager manager) {
        this.lockManager = manager;
    }

    void unsetLockManager(DomainLockManager manager) {
        if (this.lockManager == manager) {
            this.lockManager = null;
        }
    }

    /** The disk lock manager given directly (plain Java, tests). */
    public QemuDriver withLockManager(DomainLockManager manager) {
        this.lockManager = manager;
        return this;
    }

    private ConnectionFactory connectionFactory() {
        ConnectionFactory given = connectionFactory;
        return given != null || connectionFactoryLookup == null ? given : connectionFactoryLookup.get();
    }

    /** The connection factory for peer-to-peer migrations given directly (plain Java, tests). */
    public QemuDriver withConnectionFactory(ConnectionFactory factory) {
        this.connectionFactory = factory;
        return this;
    }

    /** A storage driver arrived: volume disks of the URIs it serves resolve through it from now on. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeStorageDriver")
    public void addStorageDriver(StorageDriver driver) {
        storageDrivers.add(driver);
    }

    public void removeStorageDriver(StorageDriver driver) {
        storageDrivers.remove(driver);
    }

    /** The state behind a URI's directories (tests). */
    QemuState state(DriverDirs dirs) {
        return states.state(dirs);
    }
}
