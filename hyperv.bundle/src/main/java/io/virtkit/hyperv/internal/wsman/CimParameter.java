package io.virtkit.hyperv.internal.wsman;

import java.util.List;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public sealed interface CimParameter {
    record Simple(String name, List<String> values) implements CimParameter {
    }

    record Embedded(String name, List<CimInstance> instances) implements CimParameter {
    }

    record Reference(String name, List<CimReference> references) implements CimParameter {
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
