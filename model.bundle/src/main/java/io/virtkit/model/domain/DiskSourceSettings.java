package io.virtkit.model.domain;

import java.util.List;
import java.util.Objects;

/**
 * What a disk's (or a backing image's, or a mirror's) {@code <source>} carries beyond where the data lives:
 * per-protocol settings (RBD snapshot and config, iSCSI initiator, HTTP cookies, SSL check, read-ahead and
 * timeout of curl sources, NFS identity, vhost-user reconnect), an NVMe disk's controller, the storage slice,
 * per-image security labels, encryption and persistent reservations. Absent values are {@code null} (lists
 * empty); {@link #NONE} carries nothing.
 *
 * @param fdgroup       a file source's group of passed file descriptors, or {@code null}
 * @param nvmeManaged   whether an NVMe controller is detached from its host driver, or {@code null}
 * @param nvmeNamespace an NVMe disk's namespace, or {@code null}
 * @param nvmeAddress   an NVMe controller's host PCI address, or {@code null}
 * @param snapshot      an RBD source's snapshot name, or {@code null}
 * @param configFile    an RBD source's configuration file, or {@code null}
 * @param initiatorIqn  an iSCSI source's initiator IQN, or {@code null}
 * @param sslVerify     whether an https/ftps source's certificate is checked, or {@code null}
 * @param cookies       an http(s) source's cookies, in order
 * @param readahead     a curl source's read-ahead size in bytes, or {@code null}
 * @param timeout       a curl source's timeout in seconds, or {@code null}
 * @param identityUser  an NFS source's user, or {@code null}
 * @param identityGroup an NFS source's group, or {@code null}
 * @param reconnect     a vhost-user source's reconnect policy, or {@code null}
 * @param slice         the storage slice (offset and size within the source), or {@code null}
 * @param seclabels     per-image security labels, in order
 * @param encryption    the image's encryption found inside {@code <source>}, or {@code null}
 * @param reservations  persistent reservations of a block source, or {@code null}
 */
public record DiskSourceSettings(String fdgroup, Boolean nvmeManaged, Long nvmeNamespace,
        DeviceAddress.Pci nvmeAddress, String snapshot, String configFile, String initiatorIqn, Boolean sslVerify,
        List<Cookie> cookies, Long readahead, Long timeout, String identityUser, String identityGroup,
        CharDevice.Reconnect reconnect, Slice slice, List<Seclabel> seclabels, DiskEncryption encryption,
        Reservations reservations) {

    /** Nothing beyond where the data lives. */
    public static final DiskSourceSettings NONE = builder().build();

    public DiskSourceSettings {
        cookies = cookies == null ? List.of() : List.copyOf(cookies);
        seclabels = seclabels == null ? List.of() : List.copyOf(seclabels);
    }

    /** {@code value}, or {@link #NONE} for {@code null}. */
    public static DiskSourceSettings orNone(DiskSourceSettings value) {
        return value == null ? NONE : value;
    }

    /** Whether nothing is set. */
    public boolean isNone() {
        return equals(NONE);
    }

    /** These settings without per-image security labels. */
    public DiskSourceSettings withoutSeclabels() {
        return toBuilder().seclabels(List.of()).build();
    }

    /** An http(s) source's {@code <cookie name>value</cookie>}. */
    public record Cookie(String name, String value) {
        public Cookie {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The {@code <slice type='storage' offset size>}: the part of the source that is the image, in bytes. */
    public record Slice(long offset, long size) {
    }

    /**
     * A per-image {@code <seclabel>}: no relabelling, or the label to use, for one security model.
     *
     * @param model     the security driver ({@code selinux}, {@code dac} …), or {@code null} for every one
     * @param relabel   whether the image is relabelled, or {@code null}
     * @param labelskip whether labelling was skipped (written by libvirt), or {@code null}
     * @param label     the label, or {@code null}
     */
    public record Seclabel(String model, Boolean relabel, Boolean labelskip, String label) {
    }

    /**
     * {@code <reservations>}: persistent reservations through a helper, libvirt's own ({@code managed}) or one
     * listening at a socket.
     *
     * @param managed    whether libvirt runs the helper, or {@code null}
     * @param sourcePath the helper's socket, or {@code null}
     * @param sourceMode {@code server} or {@code client}, or {@code null}
     * @param reconnect  the socket's reconnect policy, or {@code null}
     */
    public record Reservations(Boolean managed, String sourcePath, String sourceMode,
            CharDevice.Reconnect reconnect) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fdgroup = fdgroup;
        b.nvmeManaged = nvmeManaged;
        b.nvmeNamespace = nvmeNamespace;
        b.nvmeAddress = nvmeAddress;
        b.snapshot = snapshot;
        b.configFile = configFile;
        b.initiatorIqn = initiatorIqn;
        b.sslVerify = sslVerify;
        b.cookies = cookies;
        b.readahead = readahead;
        b.timeout = timeout;
        b.identityUser = identityUser;
        b.identityGroup = identityGroup;
        b.reconnect = reconnect;
        b.slice = slice;
        b.seclabels = seclabels;
        b.encryption = encryption;
        b.reservations = reservations;
        return b;
    }

    /** Builds {@link DiskSourceSettings} one component at a time. */
    public static final class Builder {
        private String fdgroup;
        private Boolean nvmeManaged;
        private Long nvmeNamespace;
        private DeviceAddress.Pci nvmeAddress;
        private String snapshot;
        private String configFile;
        private String initiatorIqn;
        private Boolean sslVerify;
        private List<Cookie> cookies = List.of();
        private Long readahead;
        private Long timeout;
        private String identityUser;
        private String identityGroup;
        private CharDevice.Reconnect reconnect;
        private Slice slice;
        private List<Seclabel> seclabels = List.of();
        private DiskEncryption encryption;
        private Reservations reservations;

        private Builder() {
        }

        public Builder fdgroup(String value) {
            fdgroup = value;
            return this;
        }

        public Builder nvme(Boolean managed, Long namespace, DeviceAddress.Pci address) {
            nvmeManaged = managed;
            nvmeNamespace = namespace;
            nvmeAddress = address;
            return this;
        }

        public Builder snapshot(String value) {
            snapshot = value;
            return this;
        }

        public Builder configFile(String value) {
            configFile = value;
            return this;
        }

        public Builder initiatorIqn(String value) {
            initiatorIqn = value;
            return this;
        }

        public Builder sslVerify(Boolean value) {
            sslVerify = value;
            return this;
        }

        public Builder cookies(List<Cookie> value) {
            cookies = value;
            return this;
        }

        public Builder readahead(Long value) {
            readahead = value;
            return this;
        }

        public Builder timeout(Long value) {
            timeout = value;
            return this;
        }

        public Builder identity(String user, String group) {
            identityUser = user;
            identityGroup = group;
            return this;
        }

        public Builder reconnect(CharDevice.Reconnect value) {
            reconnect = value;
            return this;
        }

        public Builder slice(Slice value) {
            slice = value;
            return this;
        }

        public Builder seclabels(List<Seclabel> value) {
            seclabels = value;
            return this;
        }

        public Builder encryption(DiskEncryption value) {
            encryption = value;
            return this;
        }

        public Builder reservations(Reservations value) {
            reservations = value;
            return this;
        }

        public DiskSourceSettings build() {
            return new DiskSourceSettings(fdgroup, nvmeManaged, nvmeNamespace, nvmeAddress, snapshot, configFile,
                    initiatorIqn, sslVerify, cookies, readahead, timeout, identityUser, identityGroup, reconnect,
                    slice, seclabels, encryption, reservations);
        }
    }
}
