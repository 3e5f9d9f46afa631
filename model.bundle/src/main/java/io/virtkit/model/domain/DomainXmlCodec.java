package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.api.XmlFlag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The one codec for libvirt's domain XML: parses it into a {@link DomainDefinition} and writes a
 * definition back the way libvirt does (element order, two-space indentation, single-quoted attributes).
 *
 * <p>Parsing is secure: documents with a DTD are rejected, so no entity is ever expanded or fetched.
 * Elements Virtkit does not model are ignored, as libvirt ignores elements it does not know. Errors are
 * {@link VirtException}s with libvirt's code and message, from {@link ErrorDomain#DOMAIN}; XML that is
 * not well-formed gives {@link ErrorCode#XML_DETAIL} with the line, as libvirt's
 * {@code (domain_definition):LINE: …}.
 */
public final class DomainXmlCodec {

    /** Feature elements without content Virtkit models, in the order libvirt writes them. */
    public static final List<String> FEATURES = List.of("acpi", "apic", "pae", "hap", "viridian", "privnet",
            "pvspinlock", "pmu", "vmport", "smm", "vmcoreinfo", "htm", "nested-hv", "ccf-assist");

    /** The {@code <cpu mode>} values libvirt knows. */
    public static final List<String> CPU_MODES = List.of("custom", "host-model", "host-passthrough", "maximum");

    /** The OS types libvirt knows. */
    public static final List<String> OS_TYPES = List.of("hvm", "xen", "linux", "xenpvh", "exe", "uml");

    /** The largest memory size libvirt accepts, in KiB (its "unlimited" marker is one above). */
    public static final long MAX_MEMORY_KIB = (1L << 53) - 1;

    private static final String DOC_URL = "(domain_definition)";

    private DomainXmlCodec() {
    }

    // ------------------------------------------------------------------------------------------ parsing

    /**
     * Parses libvirt domain XML as a definition (what define and the persistent config files need): as
     * libvirt's inactive parse, device addresses are kept, user aliases ({@code ua-…}) are kept, and every
     * other alias is dropped, since those are the driver's names in a running hypervisor. A missing
     * {@code <uuid>} gets a random one, a missing {@code <mac>} a random {@code 52:54:00} address (as
     * libvirt does).
     *
     * @throws VirtException {@link ErrorCode#XML_DETAIL} for XML that is not well-formed, else libvirt's code
     *                       for the offending element or attribute (mostly {@link ErrorCode#XML_ERROR});
     *                       {@link ErrorCode#CONFIG_UNSUPPORTED} for a user alias given to two devices
     */
    public static DomainDefinition parse(String xml) {
        return parse(xml, false);
    }

    /**
     * Parses the XML of a running domain (a status file written with {@link #formatLive}, or a live XML):
     * as {@link #parse(String)}, but every device alias is kept, so a driver reconnecting to a guest knows
     * its devices by the names the hypervisor has for them.
     */
    public static DomainDefinition parseLive(String xml) {
        return parse(xml, true);
    }

    private static DomainDefinition parse(String xml, boolean live) {
        if (xml == null || xml.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "xml must not be empty");
        }
        Element root = readDocument(xml).getDocumentElement();
        if (!"domain".equals(nameOf(root))) {
            throw xmlError("expecting root element of 'domain', not '" + nameOf(root) + "'");
        }
        String type = root.getAttribute("type");
        if (!root.hasAttribute("type")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "missing domain type attribute");
        }
        if (type.isEmpty() || !type.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "invalid domain type " + type);
        }
        Element nameEl = child(root, "name");
        String name = nameEl == null ? null : nameEl.getTextContent();
        DomainDefinition.checkName(name);
        UUID uuid = parseUuid(child(root, "uuid"));
        String title = textOf(child(root, "title"));
        if (title != null && title.indexOf('\n') >= 0) {
            throw xmlError("Domain title can't contain newlines");
        }
        String description = textOf(child(root, "description"));

        long memory = parseMemory(child(root, "memory"), "memory");
        if (memory == 0) {
            throw xmlError("Memory size must be specified via <memory> or in the <numa> configuration");
        }
        long current = parseMemory(child(root, "currentMemory"), "currentMemory");

        Element vcpuEl = child(root, "vcpu");
        int vcpus = 1;
        String placement = "static";
        if (vcpuEl != null) {
            try {
                vcpus = Integer.parseInt(vcpuEl.getTextContent().trim());
            } catch (NumberFormatException e) {
                throw xmlError("maximum vcpus count must be an integer");
            }
            if (vcpuEl.hasAttribute("placement")) {
                placement = vcpuEl.getAttribute("placement");
                if (!placement.equals("static") && !placement.equals("auto")) {
                    throw invalidAttribute("placement", "vcpu", placement);
                }
            }
        }

        DomainOs os = parseOs(child(root, "os"));
        Set<String> features = parseFeatures(child(root, "features"));
        String cpuMode = null;
        Element cpuEl = child(root, "cpu");
        if (cpuEl != null && cpuEl.hasAttribute("mode")) {
            cpuMode = cpuEl.getAttribute("mode");
            if (!CPU_MODES.contains(cpuMode)) {
                throw unsupported("Invalid mode attribute '" + cpuMode + "'");
            }
        }
        DomainClock clock = parseClock(child(root, "clock"));
        LifecycleAction onPoweroff = parseAction(root, "on_poweroff", LifecycleAction.DESTROY);
        LifecycleAction onReboot = parseAction(root, "on_reboot", LifecycleAction.RESTART);
        LifecycleAction onCrash = parseAction(root, "on_crash", LifecycleAction.DESTROY);
        DomainDevices devices = DomainDevicesXml.parse(child(root, "devices"), os.type().equals("hvm"), live);
        IdMap idmap = parseIdmap(child(root, "idmap"));
        CpuTune cputune = parseCputune(child(root, "cputune"));

        return DomainDefinition.builder().type(type).name(name).uuid(uuid).title(title).description(description)
                .memoryKiB(memory).currentMemoryKiB(current).vcpus(vcpus).vcpuPlacement(placement).os(os)
                .features(features).cpuMode(cpuMode).clock(clock).onPoweroff(onPoweroff).onReboot(onReboot)
                .onCrash(onCrash).devices(devices).idmap(idmap).cputune(cputune).build();
    }

    /**
     * {@code <cputune>}'s {@code <shares>}, {@code <period>} and {@code <quota>} (its pinning and the other
     * parts are not modelled); null when none is given. As in libvirt a period or quota of 0 is unset, and
     * values are read strictly: shares and period unsigned, quota signed, no blanks.
     */
    private static CpuTune parseCputune(Element cputuneEl) {
        if (cputuneEl == null) {
            return null;
        }
        Long shares = cputuneValue(cputuneEl, "shares", false);
        Long period = cputuneValue(cputuneEl, "period", false);
        Long quota = cputuneValue(cputuneEl, "quota", true);
        CpuTune tune = new CpuTune(shares, period == null || period == 0 ? null : period,
                quota == null || quota == 0 ? null : quota);
        return tune.isEmpty() ? null : tune;
    }

    private static Long cputuneValue(Element cputuneEl, String element, boolean signed) {
        Element e = child(cputuneEl, element);
        if (e == null) {
            return null;
        }
        String text = e.getTextContent();
        try {
            if (!text.matches(signed ? "[-+]?[0-9]+" : "\\+?[0-9]+")) {
                throw new NumberFormatException(text);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException ex) {
            throw xmlError("can't parse cputune " + element + " value");
        }
    }

    /**
     * {@code <idmap>} with {@code <uid>}/{@code <gid start target count>} children; null when absent or, as
     * libvirt reads it, when it has neither.
     */
    private static IdMap parseIdmap(Element idmapEl) {
        if (idmapEl == null) {
            return null;
        }
        List<IdMap.Range> uids = parseIdRanges(idmapEl, "uid");
        List<IdMap.Range> gids = parseIdRanges(idmapEl, "gid");
        return uids.isEmpty() && gids.isEmpty() ? null : new IdMap(uids, gids);
    }

    private static List<IdMap.Range> parseIdRanges(Element idmapEl, String element) {
        List<IdMap.Range> ranges = new ArrayList<>();
        for (Element e : children(idmapEl, element)) {
            try {
                ranges.add(new IdMap.Range(Long.parseLong(e.getAttribute("start").trim()),
                        Long.parseLong(e.getAttribute("target").trim()), Long.parseLong(e.getAttribute("count").trim())));
            } catch (NumberFormatException ex) {
                throw xmlError("invalid idmap start/target/count settings");
            }
        }
        return ranges;
    }

    private static Document readDocument(String xml) {
        return SecureXml.read(xml, ErrorDomain.DOMAIN, DOC_URL);
    }

    /** libvirt's UUID syntax: 32 hex digits, dashes allowed between bytes, surrounding blanks ignored. */
    private static UUID parseUuid(Element el) {
        if (el == null) {
            return UUID.randomUUID();
        }
        UUID uuid = parseUuidText(el.getTextContent());
        if (uuid == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "malformed uuid element");
        }
        return uuid;
    }

    static UUID parseUuidText(String text) {
        return SecureXml.parseUuid(text);
    }

    /** Reads a scaled memory element; 0 when absent. KB is 1000 bytes, K/KiB 1024; the result is rounded up to KiB. */
    private static long parseMemory(Element el, String element) {
        if (el == null) {
            return 0;
        }
        String text = el.getTextContent().trim();
        long value;
        try {
            if (text.isEmpty() || text.startsWith("-") || text.startsWith("+")) {
                throw new NumberFormatException(text);
            }
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw xmlError("Invalid value '" + text + "' for element or attribute './" + element + "[1]'");
        }
        String unit = el.hasAttribute("unit") ? el.getAttribute("unit") : "KiB";
        return scaleToKiB(value, unit);
    }

    /**
     * Converts {@code value} in {@code unit} to KiB as libvirt does: {@code b}/{@code bytes}; {@code k},
     * {@code KiB} (1024) and {@code KB} (1000); likewise M, G, T, P, E; case is ignored.
     *
     * @throws VirtException {@link ErrorCode#INVALID_ARG} for an unknown unit, {@link ErrorCode#OVERFLOW} above {@link #MAX_MEMORY_KIB}
     */
    public static long scaleToKiB(long value, String unit) {
        long scale = unitScale(unit);
        long bytes;
        try {
            // libvirt scales into a signed 64-bit byte count.
            bytes = Math.multiplyExact(value, scale);
        } catch (ArithmeticException e) {
            throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.DOMAIN, "value too large: " + value + unit);
        }
        // Round up as libvirt does, so that no byte asked for is lost.
        long kib = bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1);
        if (kib > MAX_MEMORY_KIB) {
            throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.DOMAIN, "size value too large");
        }
        return kib;
    }

    private static long unitScale(String unit) {
        // libvirt ignores case throughout: "KiB", "kib" and "KIB" are the same unit, as are "kB" and "KB".
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.isEmpty()) {
            return 1024;
        }
        if (u.equals("b") || u.equals("byte") || u.equals("bytes")) {
            return 1;
        }
        int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
        String rest = u.substring(1);
        long base = rest.isEmpty() || rest.equals("ib") ? 1024 : rest.equals("b") ? 1000 : -1;
        if (power == 0 || base < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "unknown suffix '" + unit + "'");
        }
        long scale = 1;
        for (int i = 0; i < power; i++) {
            scale *= base;
        }
        return scale;
    }

    private static DomainOs parseOs(Element osEl) {
        Element typeEl = osEl == null ? null : child(osEl, "type");
        String type = typeEl == null ? "" : typeEl.getTextContent().trim();
        if (type.isEmpty()) {
            throw xmlError("an os <type> must be specified");
        }
        if (!OS_TYPES.contains(type)) {
            throw unsupported("unknown OS type '" + type + "'");
        }
        String arch = attr(typeEl, "arch");
        String machine = attr(typeEl, "machine");
        List<String> boot = new ArrayList<>();
        for (Element b : children(osEl, "boot")) {
            String dev = b.getAttribute("dev");
            if (!DomainOs.BOOT_DEVICES.contains(dev)) {
                throw invalidAttribute("dev", "boot", dev);
            }
            boot.add(dev);
        }
        String kernel = textOf(child(osEl, "kernel"));
        String initrd = textOf(child(osEl, "initrd"));
        String cmdline = textOf(child(osEl, "cmdline"));
        String init = textOf(child(osEl, "init"));
        List<String> initArgs = new ArrayList<>();
        for (Element a : children(osEl, "initarg")) {
            initArgs.add(a.getTextContent());
        }
        List<DomainOs.InitEnv> initEnv = new ArrayList<>();
        for (Element e : children(osEl, "initenv")) {
            String envName = e.getAttribute("name");
            if (!envName.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw xmlError("Invalid environment variable name '" + envName + "' in <initenv>");
            }
            initEnv.add(new DomainOs.InitEnv(envName, e.getTextContent()));
        }
        if (type.equals("exe") && init == null) {
            // libvirt's default init for containers.
            init = "/sbin/init";
        }
        if (type.equals("hvm") && boot.isEmpty() && kernel == null) {
            // Without a boot order or a kernel, libvirt boots a virtual machine from its first disk.
            boot.add("hd");
        }
        return DomainOs.builder().type(type).arch(arch).machine(machine).bootDevices(boot).kernel(kernel)
                .initrd(initrd).cmdline(cmdline).init(init).initArgs(initArgs).initEnv(initEnv).build();
    }

    private static Set<String> parseFeatures(Element featuresEl) {
        Set<String> features = new LinkedHashSet<>();
        if (featuresEl == null) {
            return features;
        }
        for (Element f : children(featuresEl, null)) {
            String name = nameOf(f);
            if (!FEATURES.contains(name)) {
                throw unsupported("unexpected feature '" + name + "'");
            }
            String state = f.getAttribute("state");
            if (!state.isEmpty() && !state.equals("on") && !state.equals("off")) {
                throw invalidAttribute("state", name, state);
            }
            if (!state.equals("off")) {
                features.add(name);
            }
        }
        return features;
    }

    private static DomainClock parseClock(Element clockEl) {
        if (clockEl == null) {
            return DomainClock.UTC;
        }
        String offsetName = clockEl.hasAttribute("offset") ? clockEl.getAttribute("offset") : "utc";
        DomainClock.Offset offset = XmlNames.lookup(DomainClock.Offset.class, offsetName)
                .orElseThrow(() -> unsupported("unknown clock offset '" + offsetName + "'"));
        String timezone = null;
        Long adjustment = null;
        if (offset == DomainClock.Offset.TIMEZONE) {
            timezone = attr(clockEl, "timezone");
            if (timezone == null) {
                throw xmlError("missing 'timezone' attribute for clock with offset='timezone'");
            }
        } else if (offset == DomainClock.Offset.VARIABLE) {
            String adj = attr(clockEl, "adjustment");
            try {
                adjustment = adj == null ? 0L : Long.parseLong(adj);
            } catch (NumberFormatException e) {
                throw xmlError("unknown clock adjustment '" + adj + "'");
            }
        }
        return new DomainClock(offset, timezone, adjustment);
    }

    private static LifecycleAction parseAction(Element root, String element, LifecycleAction defaultAction) {
        Element el = child(root, element);
        if (el == null) {
            return defaultAction;
        }
        String value = el.getTextContent().trim();
        return XmlNames.lookup(LifecycleAction.class, value)
                .orElseThrow(() -> unsupported("unknown " + element + " action: " + value));
    }

    /**
     * Validates a MAC address as libvirt does and returns it in canonical form (lower case, two digits per
     * byte).
     *
     * @throws VirtException {@link ErrorCode#XML_ERROR} when it is malformed or not a unicast address
     */
    public static String normalizeMac(String mac) {
        String[] parts = mac.split("[:-]", -1);
        byte[] bytes = new byte[6];
        boolean ok = parts.length == 6;
        for (int n = 0; ok && n < 6; n++) {
            String p = parts[n];
            ok = (p.length() == 1 || p.length() == 2) && p.chars().allMatch(c -> Character.digit(c, 16) >= 0);
            if (ok) {
                bytes[n] = (byte) Integer.parseInt(p, 16);
            }
        }
        if (!ok) {
            throw xmlError("unable to parse mac address '" + mac + "'");
        }
        if ((bytes[0] & 1) != 0) {
            throw xmlError("expected unicast mac address, found multicast '" + mac + "'");
        }
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    // ------------------------------------------------------------------------------------------ formatting

    /**
     * The persistent (inactive) XML of a definition, without secrets: device addresses and user aliases,
     * never the driver's aliases (those show in {@link #formatLive}).
     */
    public static String format(DomainDefinition def) {
        return write(def, -1, Set.of());
    }

    /**
     * The persistent XML of a definition; {@link XmlFlag#SECURE} also writes secrets such as VNC passwords.
     * ({@link XmlFlag#INACTIVE} changes nothing here: this is always the persistent form.)
     */
    public static String format(DomainDefinition def, XmlFlag... flags) {
        return write(def, -1, flagSet(flags));
    }

    /**
     * The live XML of a running domain: as {@link #format(DomainDefinition)} plus {@code id='N'} and every
     * device alias. Read it back with {@link #parseLive(String)}.
     */
    public static String formatLive(DomainDefinition def, int id) {
        return write(def, id, Set.of());
    }

    /** The live XML of a running domain; {@link XmlFlag#SECURE} also writes secrets. */
    public static String formatLive(DomainDefinition def, int id, XmlFlag... flags) {
        return write(def, id, flagSet(flags));
    }

    private static Set<XmlFlag> flagSet(XmlFlag... flags) {
        return flags.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(flags));
    }

    private static String write(DomainDefinition def, int id, Set<XmlFlag> flags) {
        XmlWriter w = new XmlWriter();
        w.open("domain", "type", def.type(), "id", id >= 0 ? Integer.toString(id) : null);
        w.text("name", def.name());
        w.text("uuid", def.uuid().toString());
        w.text("title", def.title());
        w.text("description", def.description());
        w.text("memory", Long.toString(def.memoryKiB()), "unit", "KiB");
        w.text("currentMemory", Long.toString(def.currentMemoryKiB()), "unit", "KiB");
        w.text("vcpu", Integer.toString(def.vcpus()), "placement", def.vcpuPlacement());
        if (def.cputune() != null) {
            CpuTune tune = def.cputune();
            w.open("cputune");
            w.text("shares", tune.shares() == null ? null : tune.shares().toString());
            w.text("period", tune.periodMicros() == null ? null : tune.periodMicros().toString());
            w.text("quota", tune.quotaMicros() == null ? null : tune.quotaMicros().toString());
            w.close("cputune");
        }
        writeOs(w, def.os());
        if (def.idmap() != null) {
            w.open("idmap");
            writeIdRanges(w, "uid", def.idmap().uids());
            writeIdRanges(w, "gid", def.idmap().gids());
            w.close("idmap");
        }
        if (!def.features().isEmpty()) {
            w.open("features");
            for (String f : FEATURES) {
                if (def.features().contains(f)) {
                    w.empty(f);
                }
            }
            w.close("features");
        }
        if (def.cpuMode() != null) {
            w.empty("cpu", "mode", def.cpuMode());
        }
        DomainClock clock = def.clock();
        w.empty("clock", "offset", clock.offset().xmlName(), "timezone", clock.timezone(),
                "adjustment", clock.adjustment() == null ? null : clock.adjustment().toString(),
                "basis", clock.offset() == DomainClock.Offset.VARIABLE ? "utc" : null);
        w.text("on_poweroff", def.onPoweroff().xmlName());
        w.text("on_reboot", def.onReboot().xmlName());
        w.text("on_crash", def.onCrash().xmlName());
        DomainDevicesXml.write(w, def.devices(), flags.contains(XmlFlag.SECURE), id >= 0);
        w.close("domain");
        return w.toString();
    }

    private static void writeIdRanges(XmlWriter w, String element, List<IdMap.Range> ranges) {
        for (IdMap.Range r : ranges) {
            w.empty(element, "start", Long.toString(r.start()), "target", Long.toString(r.target()),
                    "count", Long.toString(r.count()));
        }
    }

    private static void writeOs(XmlWriter w, DomainOs os) {
        w.open("os");
        w.text("type", os.type(), "arch", os.arch(), "machine", os.machine());
        w.text("init", os.init());
        for (String arg : os.initArgs()) {
            w.text("initarg", arg);
        }
        for (DomainOs.InitEnv env : os.initEnv()) {
            w.text("initenv", env.value(), "name", env.name());
        }
        w.text("kernel", os.kernel());
        w.text("initrd", os.initrd());
        w.text("cmdline", os.cmdline());
        for (String dev : os.bootDevices()) {
            w.empty("boot", "dev", dev);
        }
        w.close("os");
    }

    // ------------------------------------------------------------------------------------------ helpers

    static String nameOf(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }

    /** The first child element called {@code name} in no namespace, or {@code null}. */
    static Element child(Element parent, String name) {
        List<Element> list = children(parent, name);
        return list.isEmpty() ? null : list.get(0);
    }

    /** Child elements called {@code name} (any name if {@code null}) in no namespace; metadata in namespaces is skipped. */
    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() == null && (name == null || name.equals(nameOf(e)))) {
                result.add(e);
            }
        }
        return result;
    }

    static String textOf(Element e) {
        return e == null ? null : e.getTextContent();
    }

    static String attr(Element e, String name) {
        return e != null && e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    static <E extends Enum<E>> E enumAttr(Element e, String attribute, Class<E> type, E defaultValue) {
        if (!e.hasAttribute(attribute)) {
            return defaultValue;
        }
        String value = e.getAttribute(attribute);
        return XmlNames.lookup(type, value).orElseThrow(() -> invalidAttribute(attribute, nameOf(e), value));
    }

    static boolean yesNo(String value, String attribute, String element) {
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw invalidAttribute(attribute, element, value);
        };
    }

    static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }

    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, detail);
    }

    static VirtException invalidAttribute(String attribute, String element, String value) {
        return xmlError("Invalid value for attribute '" + attribute + "' in element '" + element + "': '" + value
                + "'.");
    }
}
