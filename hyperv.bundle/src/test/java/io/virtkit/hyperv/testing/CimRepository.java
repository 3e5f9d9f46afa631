package io.virtkit.hyperv.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instances of the model and the associations between them, answering what WMI answers: instances of a class
 * and its subclasses, an instance by its keys, the associators of an instance. Not thread-safe: the host calls it
 * under its lock.
 */
final class CimRepository {

    /**
     * An instance of an association class linking two instances (both ways, as WMI's ASSOCIATORS OF walks it), with
     * the association's own properties (Msvm_SettingsDefineCapabilities' ValueRole, ValueRange).
     */
    private record Association(String assocClass, CimReference left, CimReference right, Map<String, String> extra) {
        /** The association as an instance: its two references under their role names, then its properties. */
        CimObject asInstance() {
            CimObject instance = new CimObject(assocClass);
            List<String> roles = instance.cimClass().keys();
            instance.set(roles.get(0), left).set(roles.get(1), right);
            extra.forEach(instance::set);
            return instance;
        }

        Optional<CimReference> other(CimReference end) {
            if (left.equals(end)) {
                return Optional.of(right);
            }
            return right.equals(end) ? Optional.of(left) : Optional.empty();
        }
    }

    private final Map<CimReference, CimObject> instances = new LinkedHashMap<>();
    private final List<Association> associations = new ArrayList<>();

    CimObject add(CimObject instance) {
        CimReference reference = instance.reference();
        if (instances.putIfAbsent(reference, instance) != null) {
            throw new IllegalStateException("an instance " + reference + " exists already");
        }
        return instance;
    }

    void associate(String assocClass, CimObject left, CimObject right) {
        associate(assocClass, left, right, Map.of());
    }

    void associate(String assocClass, CimObject left, CimObject right, Map<String, String> properties) {
        associations.add(new Association(assocClass, left.reference(), right.reference(),
                new LinkedHashMap<>(properties)));
    }

    /** Removes an instance and every association it takes part in. */
    void remove(CimReference reference) {
        instances.remove(reference);
        associations.removeIf(a -> a.left().equals(reference) || a.right().equals(reference));
    }

    Optional<CimObject> get(CimReference reference) {
        return Optional.ofNullable(instances.get(reference));
    }

    /** The one instance of exactly this class that the selectors name; empty when none or several. */
    Optional<CimObject> find(String className, Map<String, String> selectors) {
        List<CimObject> found = instances.values().stream()
                .filter(i -> i.className().equalsIgnoreCase(className) && i.matches(selectors)).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /**
     * Instances of a class or its subclasses that satisfy the condition (null: all), in creation order; for an
     * association class, its instances made from the associations.
     */
    List<CimObject> select(String className, WqlQuery.Condition where) {
        List<CimObject> out = new ArrayList<>();
        instances.values().stream().filter(i -> i.cimClass().isA(className)).forEach(out::add);
        associations.stream().map(Association::asInstance).filter(i -> i.cimClass().isA(className))
                .forEach(out::add);
        return out.stream().filter(i -> where == null || where.test(i)).toList();
    }

    /** The association instances one instance takes part in, of a result class (null: any). */
    List<CimObject> references(CimObject of, String resultClass) {
        CimReference end = of.reference();
        return associations.stream().filter(a -> a.other(end).isPresent()).map(Association::asInstance)
                .filter(i -> resultClass == null || i.cimClass().isA(resultClass)).toList();
    }

    /** The instances associated to one, through an association class and of a result class (either may be null). */
    List<CimObject> associators(CimObject of, String assocClass, String resultClass) {
        CimReference end = of.reference();
        List<CimObject> out = new ArrayList<>();
        for (Association a : associations) {
            if (assocClass != null && !a.assocClass().equalsIgnoreCase(assocClass)) {
                continue;
            }
            a.other(end).map(instances::get)
                    .filter(i -> resultClass == null || i.cimClass().isA(resultClass))
                    .filter(i -> !out.contains(i))
                    .ifPresent(out::add);
        }
        return out;
    }

    Collection<CimObject> all() {
        return instances.values();
    }
}
