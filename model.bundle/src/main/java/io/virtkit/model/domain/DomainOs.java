package io.virtkit.model.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A domain's {@code <os>}: how the guest boots. Virtual machines have a {@code type} of {@code hvm} (or
 * {@code linux} for Xen paravirt) and boot from devices or a direct kernel; containers have {@code exe}
 * and run an {@code init} program with arguments and environment.
 *
 * @param type        {@code hvm}, {@code linux} or {@code exe}
 * @param arch        the guest architecture (e.g. {@code x86_64}), or {@code null} for the driver's default
 * @param machine     the machine type (e.g. {@code pc}), or {@code null}
 * @param bootDevices the boot order ({@code hd}, {@code cdrom}, {@code network}, {@code fd})
 * @param kernel      direct-boot kernel path, or {@code null}
 * @param initrd      direct-boot initrd path, or {@code null}
 * @param cmdline     direct-boot kernel command line, or {@code null}
 * @param init        the container's init program, or {@code null}
 * @param initArgs    arguments of {@code init}
 * @param initEnv     environment variables of {@code init}, in document order
 * @param dtb         direct-boot device tree path ({@code <dtb>}), or {@code null}
 * @param root        a Xen paravirt guest's root device ({@code <root>}), or {@code null}
 * @param initDir     the directory the container's init starts in ({@code <initdir>}), or {@code null}
 * @param initUser    the user the container's init runs as ({@code <inituser>}), or {@code null}
 * @param initGroup   the group the container's init runs as ({@code <initgroup>}), or {@code null}
 * @param firmware    firmware, loader, NVRAM, boot menu, SMBIOS, BIOS and ACPI table settings, or {@code null}
 *                    for none
 */
public record DomainOs(String type, String arch, String machine, List<String> bootDevices, String kernel,
        String initrd, String cmdline, String init, List<String> initArgs, List<InitEnv> initEnv, String dtb,
        String root, String initDir, String initUser, String initGroup, OsFirmware firmware) {

    /** Boot device names libvirt accepts in {@code <boot dev=.../>}. */
    public static final List<String> BOOT_DEVICES = List.of("fd", "hd", "cdrom", "network");

    public DomainOs {
        Objects.requireNonNull(type, "type");
        bootDevices = List.copyOf(bootDevices);
        initArgs = List.copyOf(initArgs);
        initEnv = List.copyOf(initEnv);
        if (firmware != null && firmware.isEmpty()) {
            firmware = null;
        }
    }

    /** An {@code <os>} without the parts added later (dtb, root, initdir, inituser, initgroup, firmware). */
    public DomainOs(String type, String arch, String machine, List<String> bootDevices, String kernel,
            String initrd, String cmdline, String init, List<String> initArgs, List<InitEnv> initEnv) {
        this(type, arch, machine, bootDevices, kernel, initrd, cmdline, init, initArgs, initEnv, null, null, null,
                null, null, null);
    }

    /** An {@code <os>} with only a type (and, for {@code hvm}, no explicit boot order). */
    public static DomainOs ofType(String type) {
        return new DomainOs(type, null, null, List.of(), null, null, null, null, List.of(), List.of());
    }

    /** One {@code <initenv name='NAME'>value</initenv>}. */
    public record InitEnv(String name, String value) {
        public InitEnv {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A builder with no values set (the type is required). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.arch = arch;
        b.machine = machine;
        b.bootDevices = new ArrayList<>(bootDevices);
        b.kernel = kernel;
        b.initrd = initrd;
        b.cmdline = cmdline;
        b.init = init;
        b.initArgs = new ArrayList<>(initArgs);
        b.initEnv = new ArrayList<>(initEnv);
        b.dtb = dtb;
        b.root = root;
        b.initDir = initDir;
        b.initUser = initUser;
        b.initGroup = initGroup;
        b.firmware = firmware;
        return b;
    }

    /** Builds a {@link DomainOs} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private String type;
        private String arch;
        private String machine;
        private List<String> bootDevices = new ArrayList<>();
        private String kernel;
        private String initrd;
        private String cmdline;
        private String init;
        private List<String> initArgs = new ArrayList<>();
        private List<InitEnv> initEnv = new ArrayList<>();
        private String dtb;
        private String root;
        private String initDir;
        private String initUser;
        private String initGroup;
        private OsFirmware firmware;

        private Builder() {
        }

        public Builder type(String value) {
            this.type = value;
            return this;
        }

        public Builder arch(String value) {
            this.arch = value;
            return this;
        }

        public Builder machine(String value) {
            this.machine = value;
            return this;
        }

        public Builder bootDevices(List<String> value) {
            this.bootDevices = new ArrayList<>(value);
            return this;
        }

        /** Appends one to {@code bootDevices}. */
        public Builder bootDevice(String value) {
            this.bootDevices.add(value);
            return this;
        }

        public Builder kernel(String value) {
            this.kernel = value;
            return this;
        }

        public Builder initrd(String value) {
            this.initrd = value;
            return this;
        }

        public Builder cmdline(String value) {
            this.cmdline = value;
            return this;
        }

        public Builder init(String value) {
            this.init = value;
            return this;
        }

        public Builder initArgs(List<String> value) {
            this.initArgs = new ArrayList<>(value);
            return this;
        }

        /** Appends one to {@code initArgs}. */
        public Builder initArg(String value) {
            this.initArgs.add(value);
            return this;
        }

        public Builder initEnv(List<InitEnv> value) {
            this.initEnv = new ArrayList<>(value);
            return this;
        }

        public Builder dtb(String value) {
            this.dtb = value;
            return this;
        }

        public Builder root(String value) {
            this.root = value;
            return this;
        }

        public Builder initDir(String value) {
            this.initDir = value;
            return this;
        }

        public Builder initUser(String value) {
            this.initUser = value;
            return this;
        }

        public Builder initGroup(String value) {
            this.initGroup = value;
            return this;
        }

        public Builder firmware(OsFirmware value) {
            this.firmware = value;
            return this;
        }

        public DomainOs build() {
            return new DomainOs(type, arch, machine, bootDevices, kernel, initrd, cmdline, init, initArgs, initEnv,
                    dtb, root, initDir, initUser, initGroup, firmware);
        }
    }
}
