package io.virtkit.remote.internal.client;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.remote.internal.InfoXdr;
import io.virtkit.remote.internal.Procedure;
import io.virtkit.remote.internal.RemoteTypes;
import io.virtkit.remote.internal.XdrException;
import io.virtkit.remote.internal.XdrReader;
import io.virtkit.remote.internal.XdrWriter;

/**
 * A connection to a hypervisor driver of another daemon (libvirtd or Virtkit), every entry one call of libvirt's
 * remote program as libvirt's remote driver makes it. Each call waits for its reply as long as the connection lives:
 * only the session's setup has a bound ({@link RemoteOpener}); a dead peer is noticed by keepalive.
 */
final class RemoteConnection implements HypervisorConnection {
    /** {@code VIR_DRV_FEATURE_*} numbers this driver asks about ({@code libvirt_internal.h}). */
    static final int FEATURE_MIGRATION_V3 = 6;
    static final int FEATURE_MIGRATION_PARAMS = 13;
    /** How long the daemon may take to acknowledge the session's end before the socket is closed anyway. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final RpcClient client;
    private final String uri;
    private final MigrationCalls migration = new MigrationCalls(this);

    /**
     * @param client a client whose session is open (CONNECT_OPEN answered)
     * @param uri the URI as the caller gave it, which libvirt's {@code virConnectGetURI} answers
     */
    RemoteConnection(RpcClient client, String uri) {
        this.client = client;
        this.uri = uri;
    }

    /** The RPC client below, for the migration and job entries' calls. */
    RpcClient client() {
        return client;
    }

    // ---- host --------------------------------------------------------------------------------------------------

    /** The caller's URI, transport and host included: libvirt's virConnectGetURI answers it without a call. */
    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String type() {
        return call(Procedure.CONNECT_GET_TYPE, out -> { }, RemoteConnection::string);
    }

    @Override
    public long hypervisorVersion() {
        return call(Procedure.CONNECT_GET_VERSION, out -> { }, XdrReader::readHyper);
    }

    @Override
    public String hostname() {
        return call(Procedure.CONNECT_GET_HOSTNAME, out -> { }, RemoteConnection::string);
    }

    @Override
    public NodeInfo nodeInfo() {
        return call(Procedure.NODE_GET_INFO, out -> { }, InfoXdr::readNodeInfo);
    }

    @Override
    public String capabilities() {
        return call(Procedure.CONNECT_GET_CAPABILITIES, out -> { }, RemoteConnection::string);
    }

    @Override
    public String sysinfo(long flags) {
        return call(Procedure.CONNECT_GET_SYSINFO, out -> out.writeUnsigned(flags), RemoteConnection::string);
    }

    @Override
    public String domainCapabilities(String emulatorbin, String arch, String machine, String virttype, long flags) {
        return call(Procedure.CONNECT_GET_DOMAIN_CAPABILITIES, out -> out.writeOptionalString(emulatorbin)
                .writeOptionalString(arch).writeOptionalString(machine).writeOptionalString(virttype)
                .writeUnsigned(flags), RemoteConnection::string);
    }

    // ---- finding and making domains ------------------------------------------------------------------------------

    @Override
    public List<DomainRef> listAllDomains(long flags) {
        // the reply's count after the array says the same again
        return call(Procedure.CONNECT_LIST_ALL_DOMAINS, out -> out.writeInt(1).writeUnsigned(flags),
                in -> in.readArray(RemoteTypes.LIST_MAX, RemoteTypes::readDomainRef));
    }

    @Override
    public DomainRef lookupDomainByName(String name) {
        return call(Procedure.DOMAIN_LOOKUP_BY_NAME, out -> out.writeString(name), RemoteTypes::readDomainRef);
    }

    @Override
    public DomainRef lookupDomainByUuid(UUID uuid) {
        return call(Procedure.DOMAIN_LOOKUP_BY_UUID, out -> RemoteTypes.writeUuid(out, uuid),
                RemoteTypes::readDomainRef);
    }

    @Override
    public DomainRef lookupDomainById(int id) {
        return call(Procedure.DOMAIN_LOOKUP_BY_ID, out -> out.writeInt(id), RemoteTypes::readDomainRef);
    }

    /** virDomainDefineXML without flags (every daemon has it), virDomainDefineXMLFlags with. */
    @Override
    public DomainRef defineDomain(String xml, long flags) {
        if (flags == 0) {
            return call(Procedure.DOMAIN_DEFINE_XML, out -> out.writeString(xml), RemoteTypes::readDomainRef);
        }
        return call(Procedure.DOMAIN_DEFINE_XML_FLAGS, out -> out.writeString(xml).writeUnsigned(flags),
                RemoteTypes::readDomainRef);
    }

    @Override
    public DomainRef createDomain(String xml, long flags) {
        return call(Procedure.DOMAIN_CREATE_XML, out -> out.writeString(xml).writeUnsigned(flags),
                RemoteTypes::readDomainRef);
    }

    // ---- one domain ----------------------------------------------------------------------------------------------

    /** The id now: the domain looked up again by UUID (a handle's id is the one it had when found). */
    @Override
    public int domainId(DomainRef domain) {
        return lookupDomainByUuid(domain.uuid()).id();
    }

    @Override
    public String domainOsType(DomainRef domain) {
        return call(Procedure.DOMAIN_GET_OS_TYPE, out -> RemoteTypes.writeDomainRef(out, domain),
                RemoteConnection::string);
    }

    @Override
    public void startDomain(DomainRef domain, long flags) {
        call(Procedure.DOMAIN_CREATE_WITH_FLAGS, out -> withDomain(out, domain).writeUnsigned(flags));
    }

    @Override
    public void shutdownDomain(DomainRef domain, long flags) {
        if (flags == 0) {
            call(Procedure.DOMAIN_SHUTDOWN, out -> withDomain(out, domain));
        } else {
            call(Procedure.DOMAIN_SHUTDOWN_FLAGS, out -> withDomain(out, domain).writeUnsigned(flags));
        }
    }

    @Override
    public void destroyDomain(DomainRef domain, long flags) {
        if (flags == 0) {
            call(Procedure.DOMAIN_DESTROY, out -> withDomain(out, domain));
        } else {
            call(Procedure.DOMAIN_DESTROY_FLAGS, out -> withDomain(out, domain).writeUnsigned(flags));
        }
    }

    @Override
    public void suspendDomain(DomainRef domain) {
        call(Procedure.DOMAIN_SUSPEND, out -> withDomain(out, domain));
    }

    @Override
    public void resumeDomain(DomainRef domain) {
        call(Procedure.DOMAIN_RESUME, out -> withDomain(out, domain));
    }

    @Override
    public void rebootDomain(DomainRef domain, long flags) {
        call(Procedure.DOMAIN_REBOOT, out -> withDomain(out, domain).writeUnsigned(flags));
    }

    @Override
    public void undefineDomain(DomainRef domain, long flags) {
        if (flags == 0) {
            call(Procedure.DOMAIN_UNDEFINE, out -> withDomain(out, domain));
        } else {
            call(Procedure.DOMAIN_UNDEFINE_FLAGS, out -> withDomain(out, domain).writeUnsigned(flags));
        }
    }

    @Override
    public DomainStateInfo domainState(DomainRef domain, long flags) {
        return call(Procedure.DOMAIN_GET_STATE, out -> withDomain(out, domain).writeUnsigned(flags), in -> {
            DomainState state = DomainState.ofNumber(in.readInt());
            return new DomainStateInfo(state, DomainStateReason.of(state, in.readInt()));
        });
    }

    @Override
    public DomainInfo domainInfo(DomainRef domain) {
        return call(Procedure.DOMAIN_GET_INFO, out -> withDomain(out, domain), InfoXdr::readDomainInfo);
    }

    @Override
    public String domainXml(DomainRef domain, long flags) {
        return call(Procedure.DOMAIN_GET_XML_DESC, out -> withDomain(out, domain).writeUnsigned(flags),
                RemoteConnection::string);
    }

    @Override
    public boolean domainAutostart(DomainRef domain) {
        return call(Procedure.DOMAIN_GET_AUTOSTART, out -> withDomain(out, domain), RemoteConnection::flag);
    }

    @Override
    public void setDomainAutostart(DomainRef domain, boolean autostart) {
        call(Procedure.DOMAIN_SET_AUTOSTART, out -> withDomain(out, domain).writeInt(autostart ? 1 : 0));
    }

    @Override
    public boolean domainIsActive(DomainRef domain) {
        return call(Procedure.DOMAIN_IS_ACTIVE, out -> withDomain(out, domain), RemoteConnection::flag);
    }

    @Override
    public boolean domainIsPersistent(DomainRef domain) {
        return call(Procedure.DOMAIN_IS_PERSISTENT, out -> withDomain(out, domain), RemoteConnection::flag);
    }

    // ---- migration and jobs (MigrationCalls) ----------------------------------------------------------------------

    @Override
    public boolean supportsMigration() {
        return migration.supported();
    }

    @Override
    public MigrationBegin migrateBegin(DomainRef domain, MigrationParams params, long flags) {
        return migration.begin(domain, params, flags);
    }

    @Override
    public MigrationPrepared migratePrepare(MigrationParams params, byte[] cookie, long flags) {
        return migration.prepare(params, cookie, flags);
    }

    @Override
    public byte[] migratePerform(DomainRef domain, String dconnuri, MigrationParams params, byte[] cookie,
            long flags) {
        return migration.perform(domain, dconnuri, params, cookie, flags);
    }

    @Override
    public MigrationFinish migrateFinish(MigrationParams params, byte[] cookie, long flags, boolean cancelled) {
        return migration.finish(params, cookie, flags, cancelled);
    }

    @Override
    public void migrateConfirm(DomainRef domain, MigrationParams params, byte[] cookie, long flags,
            boolean cancelled) {
        migration.confirm(domain, params, cookie, flags, cancelled);
    }

    @Override
    public DomainJobInfo domainJobInfo(DomainRef domain) {
        return migration.jobInfo(domain);
    }

    @Override
    public DomainJobStats domainJobStats(DomainRef domain, boolean completed) {
        return migration.jobStats(domain, completed);
    }

    @Override
    public void abortDomainJob(DomainRef domain) {
        migration.abortJob(domain);
    }

    // ---- the session ---------------------------------------------------------------------------------------------

    /** Whether the daemon answers 1 to CONNECT_SUPPORTS_FEATURE for {@code feature}; a null timeout waits on. */
    boolean supportsFeature(int feature, Duration timeout) {
        return decode(client.call(Procedure.CONNECT_SUPPORTS_FEATURE.number(),
                new XdrWriter().writeInt(feature).toByteArray(), timeout), RemoteConnection::flag);
    }

    /**
     * Ends the session as libvirt's client does (CONNECT_CLOSE), then closes the socket even when the
     * peer is gone.
     */
    @Override
    public void close() {
        try {
            if (client.isAlive()) {
                client.call(Procedure.CONNECT_CLOSE.number(), new byte[0], CLOSE_TIMEOUT);
            }
        } catch (VirtException e) {
            // the peer went away or took too long: the socket goes all the same
        } finally {
            client.close();
        }
    }

    // ---- calls -----------------------------------------------------------------------------------------------------

    /** Calls {@code procedure} with the arguments {@code args} writes and reads its reply with {@code reply}. */
    <T> T call(Procedure procedure, Consumer<XdrWriter> args, Function<XdrReader, T> reply) {
        return call(procedure.number(), args, reply);
    }

    /** Calls {@code procedure}, whose reply is empty. */
    void call(Procedure procedure, Consumer<XdrWriter> args) {
        call(procedure.number(), args, in -> null);
    }

    <T> T call(int procedure, Consumer<XdrWriter> args, Function<XdrReader, T> reply) {
        XdrWriter out = new XdrWriter();
        args.accept(out);
        return decode(client.call(procedure, out.toByteArray(), null), reply);
    }

    /** A reply read with {@code reply}; a reply that does not decode is libvirt's RPC error. */
    static <T> T decode(byte[] body, Function<XdrReader, T> reply) {
        try {
            return reply.apply(new XdrReader(body));
        } catch (XdrException | IllegalArgumentException e) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "cannot decode the reply: " + e.getMessage());
        }
    }

    private static String string(XdrReader in) {
        return in.readString(RemoteTypes.STRING_MAX);
    }

    private static boolean flag(XdrReader in) {
        return in.readInt() != 0;
    }

    private static XdrWriter withDomain(XdrWriter out, DomainRef domain) {
        RemoteTypes.writeDomainRef(out, domain);
        return out;
    }
}
