package io.virtkit.model.internal.domain;

import io.virtkit.model.internal.xml.XmlKeys;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every key of libvirt's domain XML that a codec reads (each codec declares its own, relative to its
 * element), and the ones not yet modelled, listed in {@code not-modelled.txt} beside this class.
 */
public final class DomainKeys {

    /** The modelled keys, as paths from {@code domain}. */
    public static final Set<String> MODELLED = Stream.of(
            under("domain", DomainXml.MODELLED.stream()),
            under("domain/os", OsXml.MODELLED.stream()),
            under("domain/features", FeaturesXml.MODELLED.stream()),
            under("domain/cpu", CpuXml.MODELLED.stream()),
            under("domain/clock", ClockXml.MODELLED.stream()),
            under("domain/cputune", CputuneXml.MODELLED.stream()),
            under("domain/idmap", IdmapXml.MODELLED.stream()),
            under("domain", KeptXml.MODELLED.stream()),
            under("domain", Stream.of(TuningXml.MODELLED, SysinfoXml.MODELLED, PlatformXml.MODELLED,
                    SecurityXml.MODELLED, NamespacesXml.MODELLED).flatMap(List::stream)),
            under("domain", Stream.of(VcpuXml.MODELLED, IothreadXml.MODELLED, MaxMemoryXml.MODELLED)
                    .flatMap(java.util.List::stream)),
            under("domain/devices", DevicesXml.modelledKeys()))
            .flatMap(s -> s).collect(Collectors.toUnmodifiableSet());

    /** The resource listing what is not yet modelled: the to-do list of the domain model. */
    public static final String NOT_MODELLED = "not-modelled.txt";

    public static final XmlKeys KEYS = XmlKeys.of(MODELLED, DomainKeys.class, NOT_MODELLED);

    private DomainKeys() {
    }

    private static Stream<String> under(String element, Stream<String> keys) {
        return Stream.concat(Stream.of(element),
                keys.map(key -> element + (key.startsWith("@") ? "" : "/") + key));
    }
}
