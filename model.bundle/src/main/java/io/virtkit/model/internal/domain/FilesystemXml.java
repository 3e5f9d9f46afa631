package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.FilesystemDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.Set;

/** {@code <filesystem>} of every type: its source, target, driver, virtiofs binary, limits and boot order. */
final class FilesystemXml {

    /** The keys this codec reads, relative to {@code <filesystem>}. */
    static final List<String> MODELLED = List.of("@type", "@accessmode", "@model", "@multidevs", "@fmode", "@dmode",
            "source@dir", "source@name", "source@file", "source@dev", "source@socket", "source@usage",
            "source@units", "target@dir", "readonly", "driver@type", "driver@format", "driver@wrpolicy",
            "driver@queue", "binary@path", "binary@xattr", "binary/cache@mode", "binary/sandbox@mode",
            "binary/lock@posix", "binary/lock@flock", "binary/thread_pool@size", "space_hard_limit",
            "space_hard_limit@unit", "space_soft_limit", "space_soft_limit@unit", "boot@order", "boot@loadparm",
            "driver@iommu", "driver@ats", "driver@packed", "driver@page_per_vq");

    private static final Set<String> TYPES = Set.of("mount", "bind", "template", "file", "block", "ram");
    private static final Set<String> ACCESS_MODES = Set.of("passthrough", "mapped", "squash");
    private static final Set<String> MODELS = Set.of("virtio", "virtio-transitional", "virtio-non-transitional");
    private static final Set<String> MULTIDEVS = Set.of("default", "remap", "forbid", "warn");
    private static final Set<String> DRIVER_TYPES = Set.of("path", "handle", "loop", "nbd", "ploop", "virtiofs");

    private FilesystemXml() {
    }

    static FilesystemDevice parse(XmlCursor f) {
        FilesystemDevice.Builder b = FilesystemDevice.builder();
        String type = oneOf(f, "type", TYPES, "unknown filesystem type '%s'");
        b.type(type == null ? "mount" : type);
        b.accessmode(oneOf(f, "accessmode", ACCESS_MODES, "unknown accessmode '%s'"));
        b.model(oneOf(f, "model", MODELS, "unknown model '%s'"));
        b.multidevs(oneOf(f, "multidevs", MULTIDEVS, "unknown multidevs '%s'"));
        b.fmode(octal(f, "fmode")).dmode(octal(f, "dmode"));
        XmlCursor sourceEl = f.child("source");
        XmlCursor targetEl = f.child("target");
        String target = targetEl == null ? null : targetEl.attr("dir");
        String source = null;
        if (sourceEl != null) {
            switch (type == null ? "mount" : type) {
                case "mount", "bind" -> {
                    b.sourceDir(sourceEl.attr("dir"));
                    b.sourceSocket(sourceEl.attr("socket"));
                    source = sourceEl.attr("dir") != null ? sourceEl.attr("dir") : sourceEl.attr("socket");
                }
                case "template" -> source = set(b::sourceName, sourceEl.attr("name"));
                case "file" -> source = set(b::sourceFile, sourceEl.attr("file"));
                case "block" -> source = set(b::sourceDev, sourceEl.attr("dev"));
                default -> {
                    if (sourceEl.attr("usage") == null) {
                        throw DomainErrors.xmlError("missing 'usage' attribute for RAM filesystem");
                    }
                    b.ramUsageKiB(MemoryXml.scaleToKiB(unsignedLong(sourceEl.attr("usage"), "usage"),
                            sourceEl.attr("units") == null ? "KiB" : sourceEl.attr("units")));
                    source = "ram";
                }
            }
        }
        if (source == null) {
            throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.DOMAIN,
                    "device " + (target == null ? "" : target));
        }
        if (target == null) {
            throw new VirtException(ErrorCode.NO_TARGET, ErrorDomain.DOMAIN, "device " + source);
        }
        b.targetDir(target).readonly(f.child("readonly") != null);
        XmlCursor driver = f.child("driver");
        if (driver != null) {
            b.driver(new FilesystemDevice.Driver(oneOf(driver, "type", DRIVER_TYPES, "unknown fs driver type '%s'"),
                    driver.attr("format"), oneOf(driver, "wrpolicy", Set.of("immediate"), "unknown wrpolicy '%s'"),
                    driver.attr("queue") == null ? null : (int) unsignedLong(driver.attr("queue"), "queue"),
                    DeviceAttrs.virtio(driver)));
        }
        XmlCursor binary = f.child("binary");
        if (binary != null) {
            XmlCursor lock = binary.child("lock");
            XmlCursor pool = binary.child("thread_pool");
            b.binary(new FilesystemDevice.Binary(binary.attr("path"), DomainErrors.onOffValue(binary, "xattr"),
                    childAttr(binary, "cache", Set.of("none", "always")),
                    childAttr(binary, "sandbox", Set.of("namespace", "chroot")),
                    lock == null ? null : DomainErrors.onOffValue(lock, "posix"),
                    lock == null ? null : DomainErrors.onOffValue(lock, "flock"),
                    pool == null || pool.attr("size") == null ? null
                            : (int) unsignedLong(pool.attr("size"), "thread_pool size")));
        }
        b.spaceHardLimitKiB(limit(f.child("space_hard_limit"))).spaceSoftLimitKiB(limit(f.child("space_soft_limit")));
        XmlCursor boot = f.child("boot");
        if (boot != null && boot.attr("order") != null) {
            b.bootOrder((int) unsignedLong(boot.attr("order"), "boot order"));
        }
        b.bootLoadParm(DeviceInfoXml.loadParm(boot));
        return b.build();
    }

    private static String set(java.util.function.Function<String, FilesystemDevice.Builder> setter, String value) {
        setter.apply(value);
        return value;
    }

    private static Long limit(XmlCursor e) {
        if (e == null) {
            return null;
        }
        return MemoryXml.scaleToKiB(unsignedLong(e.text().strip(), e.name()),
                e.attr("unit") == null ? "bytes" : e.attr("unit"));
    }

    private static long unsignedLong(String text, String what) {
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException(text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw DomainErrors.xmlError("Invalid " + what + " '" + text + "'");
        }
    }

    private static String oneOf(XmlCursor e, String attribute, Set<String> values, String error) {
        String value = e.attr(attribute);
        if (value != null && !values.contains(value)) {
            throw DomainErrors.xmlError(error.formatted(value));
        }
        return value;
    }

    private static String childAttr(XmlCursor e, String child, Set<String> values) {
        XmlCursor c = e.child(child);
        return c == null ? null : oneOf(c, "mode", values, "unknown " + child + " mode '%s'");
    }

    private static String octal(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value != null && !value.matches("[0-7]{1,4}")) {
            throw DomainErrors.xmlError("invalid " + attribute + ": '" + value + "'");
        }
        return value;
    }

    static void write(XmlWriter w, FilesystemDevice f, boolean live) {
        w.open("filesystem", "type", f.type(), "accessmode", f.accessmode(), "model", f.model(),
                "multidevs", f.multidevs(), "fmode", f.fmode(), "dmode", f.dmode());
        FilesystemDevice.Driver d = f.driver();
        if (d != null) {
            w.empty("driver", DeviceAttrs.concat(new String[] {"type", d.type(), "format", d.format(),
                "wrpolicy", d.wrpolicy(), "queue", d.queue() == null ? null : d.queue().toString()},
                DeviceAttrs.virtioAttrs(d.virtio())));
        }
        FilesystemDevice.Binary bin = f.binary();
        if (bin != null) {
            boolean children = bin.cacheMode() != null || bin.sandboxMode() != null || bin.lockPosix() != null
                    || bin.lockFlock() != null || bin.threadPoolSize() != null;
            if (!children) {
                w.empty("binary", "path", bin.path(), "xattr", bin.xattr());
            } else {
                w.open("binary", "path", bin.path(), "xattr", bin.xattr());
                if (bin.cacheMode() != null) {
                    w.empty("cache", "mode", bin.cacheMode());
                }
                if (bin.sandboxMode() != null) {
                    w.empty("sandbox", "mode", bin.sandboxMode());
                }
                if (bin.lockPosix() != null || bin.lockFlock() != null) {
                    w.empty("lock", "posix", bin.lockPosix(), "flock", bin.lockFlock());
                }
                if (bin.threadPoolSize() != null) {
                    w.empty("thread_pool", "size", bin.threadPoolSize().toString());
                }
                w.close("binary");
            }
        }
        switch (f.type()) {
            case "mount", "bind" -> w.empty("source", "dir", f.sourceDir(), "socket", f.sourceSocket());
            case "template" -> w.empty("source", "name", f.sourceName());
            case "file" -> w.empty("source", "file", f.sourceFile());
            case "block" -> w.empty("source", "dev", f.sourceDev());
            default -> w.empty("source", "usage", String.valueOf(f.ramUsageKiB()), "units", "KiB");
        }
        w.empty("target", "dir", f.targetDir());
        if (f.readonly()) {
            w.empty("readonly");
        }
        if (f.spaceHardLimitKiB() != null) {
            w.text("space_hard_limit", f.spaceHardLimitKiB().toString(), "unit", "KiB");
        }
        if (f.spaceSoftLimitKiB() != null) {
            w.text("space_soft_limit", f.spaceSoftLimitKiB().toString(), "unit", "KiB");
        }
        if (f.bootOrder() != null) {
            w.empty("boot", "order", f.bootOrder().toString(), "loadparm", f.bootLoadParm());
        }
        DeviceInfoXml.write(w, f.info(), live);
        w.close("filesystem");
    }
}
