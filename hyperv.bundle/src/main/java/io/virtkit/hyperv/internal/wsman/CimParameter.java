package io.virtkit.hyperv.internal.wsman;

import java.util.List;

/** One parameter of an Invoke: simple text, embedded instances (CIM-XML) or endpoint references; repeated when >1. */
public sealed interface CimParameter {

    String name();

    /** Text values ({@code RequestedState} 2): one element each. */
    record Simple(String name, List<String> values) implements CimParameter {
        public Simple {
            values = List.copyOf(values);
        }
    }

    /** Embedded instances ({@code ResourceSettings}): each element holds the CIM-XML text of one instance. */
    record Embedded(String name, List<CimInstance> instances) implements CimParameter {
        public Embedded {
            instances = List.copyOf(instances);
        }
    }

    /** Endpoint references ({@code AffectedSystem}): each element an {@code a:Address} + {@code a:ReferenceParameters}. */
    record Reference(String name, List<CimReference> references) implements CimParameter {
        public Reference {
            references = List.copyOf(references);
        }
    }

    static CimParameter simple(String name, String... values) {
        return new Simple(name, List.of(values));
    }

    static CimParameter embedded(String name, CimInstance... instances) {
        return new Embedded(name, List.of(instances));
    }

    static CimParameter reference(String name, CimReference... references) {
        return new Reference(name, List.of(references));
    }
}
