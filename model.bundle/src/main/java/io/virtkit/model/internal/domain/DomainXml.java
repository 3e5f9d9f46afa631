package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.LifecycleAction;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlNames;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.w3c.dom.Element;

/**
 * {@code <domain>}: its own attributes and simple children (name, uuid, title, description, memory, vcpu,
 * lifecycle actions), each other family handed to its codec, and at the end the check that nothing was met
 * that is neither modelled nor listed as not yet modelled ({@link DomainKeys}).
 */
public final class DomainXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("@type", "name", "uuid", "title", "description", "memory@unit",
            "currentMemory@unit", "vcpu@placement", "on_poweroff", "on_reboot", "on_crash");
    // Everything else of <domain> outside <devices> is kept as trees by KeptXml (its keys in kept-keys.txt).

    private static final String DOC_URL = "(domain_definition)";

    private DomainXml() {
    }

    /** {@link io.virtkit.model.domain.DomainXmlCodec#parse} ({@code live} false) and {@code parseLive}. */
    public static DomainDefinition parse(String xml, boolean live) {
        if (xml == null || xml.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "xml must not be empty");
        }
        return parseElement(SecureXml.read(xml, ErrorDomain.DOMAIN, DOC_URL).getDocumentElement(), live);
    }

    /**
     * Parses a {@code <domain>} element of a document already read: a domain kept inside another format (the one a
     * domain snapshot keeps), checked as strictly as a domain document.
     */
    public static DomainDefinition parseElement(Element rootEl, boolean live) {
        XmlCursor root = XmlCursor.root(rootEl, DomainKeys.KEYS);
        if (!"domain".equals(root.name())) {
            throw DomainErrors.xmlError("expecting root element of 'domain', not '" + root.name() + "'");
        }
        DomainDefinition def = parse(root, live);
        DomainKeys.KEYS.check(rootEl, ErrorDomain.DOMAIN);
        return def;
    }

    private static DomainDefinition parse(XmlCursor root, boolean live) {
        String type = root.attrOrEmpty("type");
        if (!root.has("type")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "missing domain type attribute");
        }
        if (type.isEmpty() || !type.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "invalid domain type " + type);
        }
        String name = root.childText("name");
        DomainDefinition.checkName(name);
        UUID uuid = parseUuid(root.child("uuid"));
        String title = root.childText("title");
        if (title != null && title.indexOf('\n') >= 0) {
            throw DomainErrors.xmlError("Domain title can't contain newlines");
        }
        String description = root.childText("description");

        long memory = MemoryXml.parse(root.child("memory"), "memory");
        if (memory == 0) {
            throw DomainErrors.xmlError("Memory size must be specified via <memory> or in the <numa> configuration");
        }
        long current = MemoryXml.parse(root.child("currentMemory"), "currentMemory");

        XmlCursor vcpuEl = root.child("vcpu");
        int vcpus = 1;
        String placement = "static";
        if (vcpuEl != null) {
            try {
                vcpus = Integer.parseInt(vcpuEl.text().trim());
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("maximum vcpus count must be an integer");
            }
            if (vcpuEl.has("placement")) {
                placement = vcpuEl.attr("placement");
                if (!placement.equals("static") && !placement.equals("auto")) {
                    throw DomainErrors.invalidAttribute("placement", "vcpu", placement);
                }
            }
        }

        DomainOs os = OsXml.parse(root.child("os"), DevicesXml.hasDeviceBoot(root.child("devices")));
        FeaturesXml.Parsed features = FeaturesXml.parse(root.child("features"));
        String cpuMode = CpuXml.parseMode(root.child("cpu"));
        DomainClock clock = ClockXml.parse(root.child("clock"));
        List<DomainElement> elements = new ArrayList<>(KeptXml.parseTopLevel(root));
        addRemainder(elements, KeptXml.remainder(root.child("memory"), Set.of("@unit")));
        LifecycleAction onPoweroff = parseAction(root, "on_poweroff", LifecycleAction.DESTROY);
        LifecycleAction onReboot = parseAction(root, "on_reboot", LifecycleAction.RESTART);
        LifecycleAction onCrash = parseAction(root, "on_crash", LifecycleAction.DESTROY);
        DomainDevices devices = DevicesXml.parse(root.child("devices"), os.type().equals("hvm"), live);

        return DomainDefinition.builder().type(type).name(name).uuid(uuid).title(title).description(description)
                .memoryKiB(memory).currentMemoryKiB(current).vcpus(vcpus).vcpuPlacement(placement).os(os)
                .features(features.on()).cpuMode(cpuMode).clock(clock).onPoweroff(onPoweroff).onReboot(onReboot)
                .onCrash(onCrash).devices(devices).idmap(IdmapXml.parse(root.child("idmap")))
                .cputune(CputuneXml.parse(root.child("cputune"))).elements(elements)
                .tuning(TuningXml.parse(root)).sysinfo(SysinfoXml.parse(root)).platform(PlatformXml.parse(root))
                .security(SecurityXml.parse(root)).namespaces(NamespacesXml.parse(root))
                .featureSettings(features.rest()).cpu(CpuXml.parse(root.child("cpu")))
                .vcpuSettings(VcpuXml.parse(root)).iothreads(IothreadXml.parse(root))
                .maxMemory(MaxMemoryXml.parse(root.child("maxMemory"))).build();
    }

    private static void addRemainder(List<DomainElement> elements, DomainElement remainder) {
        if (remainder != null) {
            elements.add(remainder);
        }
    }

    /** libvirt's UUID syntax: 32 hex digits, dashes allowed between bytes, surrounding blanks ignored. */
    private static UUID parseUuid(XmlCursor el) {
        if (el == null) {
            return UUID.randomUUID();
        }
        UUID uuid = SecureXml.parseUuid(el.text());
        if (uuid == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "malformed uuid element");
        }
        return uuid;
    }

    private static LifecycleAction parseAction(XmlCursor root, String element, LifecycleAction defaultAction) {
        XmlCursor el = root.child(element);
        if (el == null) {
            return defaultAction;
        }
        String value = el.text().trim();
        return XmlNames.lookup(LifecycleAction.class, value)
                .orElseThrow(() -> DomainErrors.unsupported("unknown " + element + " action: " + value));
    }

    /**
     * The XML of a definition in libvirt's element order: the live form with {@code id='N'} and every device
     * alias when {@code id >= 0}, else the persistent one; {@code secure} also writes secrets.
     */
    public static String write(DomainDefinition def, int id, boolean secure) {
        XmlWriter w = new XmlWriter();
        List<DomainElement> kept = def.elements();
        List<String> rootAttrs = new ArrayList<>(List.of("type", def.type()));
        rootAttrs.add("id");
        rootAttrs.add(id >= 0 ? Integer.toString(id) : null);
        rootAttrs.addAll(KeptXml.rootNamespaces(kept));
        rootAttrs.addAll(NamespacesXml.rootNamespaces(def.namespaces()));
        w.open("domain", rootAttrs.toArray(String[]::new));
        w.text("name", def.name());
        w.text("uuid", def.uuid().toString());
        KeptXml.writeAll(w, kept, KeptXml.AFTER_UUID);
        PlatformXml.writeGenid(w, def.platform());
        w.text("title", def.title());
        w.text("description", def.description());
        KeptXml.writeAll(w, kept, KeptXml.AFTER_DESCRIPTION);
        MaxMemoryXml.write(w, def.maxMemory());
        writeWithRest(w, "memory", Long.toString(def.memoryKiB()), def.element("memory"), true, "unit", "KiB");
        w.text("currentMemory", Long.toString(def.currentMemoryKiB()), "unit", "KiB");
        KeptXml.writeAll(w, kept, KeptXml.AFTER_CURRENT_MEMORY);
        TuningXml.writeMemory(w, def.tuning());
        VcpuXml.write(w, def.vcpus(), def.vcpuPlacement(), def.vcpuSettings());
        IothreadXml.write(w, def.iothreads());
        CputuneXml.write(w, def.cputune());
        KeptXml.writeAll(w, kept, KeptXml.AFTER_CPUTUNE);
        TuningXml.writePlacement(w, def.tuning());
        SysinfoXml.write(w, def.sysinfo());
        PlatformXml.writeBootloader(w, def.platform());
        OsXml.write(w, def.os());
        IdmapXml.write(w, def.idmap());
        FeaturesXml.write(w, def.features(), def.featureSettings());
        CpuXml.write(w, def.cpuMode(), def.cpu());
        ClockXml.write(w, def.clock());
        w.text("on_poweroff", def.onPoweroff().xmlName());
        w.text("on_reboot", def.onReboot().xmlName());
        w.text("on_crash", def.onCrash().xmlName());
        KeptXml.writeAll(w, kept, KeptXml.AFTER_ON_CRASH);
        PlatformXml.writeAfterLifecycle(w, def.platform());
        DevicesXml.write(w, def.devices(), secure, id >= 0);
        KeptXml.writeAll(w, kept, KeptXml.AFTER_DEVICES);
        SecurityXml.write(w, def.security());
        KeptXml.writeAll(w, kept, KeptXml.NAMESPACED);
        NamespacesXml.write(w, def.namespaces());
        w.close("domain");
        return w.toString();
    }

    /** A simple typed element with the attributes its kept remainder adds ({@code vcpu cpuset}, {@code memory dumpCore}). */
    private static void writeWithRest(XmlWriter w, String element, String text, DomainElement rest,
            boolean restFirst, String... attrs) {
        List<String> all = new ArrayList<>();
        if (!restFirst) {
            all.addAll(List.of(attrs));
        }
        if (rest != null) {
            rest.attributes().forEach((k, v) -> {
                all.add(k);
                all.add(v);
            });
        }
        if (restFirst) {
            all.addAll(List.of(attrs));
        }
        w.text(element, text, all.toArray(String[]::new));
    }
}
