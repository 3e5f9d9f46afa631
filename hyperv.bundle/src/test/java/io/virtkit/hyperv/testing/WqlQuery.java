package io.virtkit.hyperv.testing;

import java.util.Map;

/** A parsed WQL query the stand-in answers: a SELECT over a class or an ASSOCIATORS OF an instance. */
sealed interface WqlQuery {

    /** {@code SELECT * FROM className [WHERE condition]}; condition null when absent. */
    record Select(String className, Condition where) implements WqlQuery {
    }

    /**
     * {@code ASSOCIATORS OF {className.key="v",…} [WHERE AssocClass = a] [ResultClass = r]}; assocClass and
     * resultClass null when not given.
     */
    record Associators(String className, Map<String, String> keys, String assocClass, String resultClass)
            implements WqlQuery {
    }

    /** {@code REFERENCES OF {className.key="v",…} [WHERE ResultClass = r]}: the association instances. */
    record References(String className, Map<String, String> keys, String resultClass) implements WqlQuery {
    }

    /** A WHERE condition over one instance. */
    sealed interface Condition {
        boolean test(CimObject instance);
    }

    /** {@code property = literal} or {@code property <> literal}; a null literal is WQL's NULL. */
    record Comparison(String property, boolean equal, String literal) implements Condition {
        @Override
        public boolean test(CimObject instance) {
            if (!instance.has(property)) {
                return false;
            }
            Object value = instance.value(property).orElse(null);
            boolean same = literal == null ? value == null
                    : value != null && !(value instanceof java.util.List<?>)
                            && CimObject.textOf(value).equalsIgnoreCase(literal);
            return same == equal;
        }
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(CimObject instance) {
            return left.test(instance) && right.test(instance);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(CimObject instance) {
            return left.test(instance) || right.test(instance);
        }
    }
}
