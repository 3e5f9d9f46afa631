package io.virtkit.hyperv.internal.wsman;

import java.util.regex.Pattern;

/**
 * A WQL text whose string literals are escaped (backslash, both quotes), and whose class and property names must
 * be plain identifiers: a VM name holding quotes or backslashes is looked for as it is and cannot change the
 * query. {@code Wql.select("Msvm_ComputerSystem").where("ElementName", name).and("Description", "Microsoft Virtual
 * Machine")}, {@code Wql.associatorsOf(reference).assocClass("Msvm_SettingsDefineState")
 * .resultClass("Msvm_VirtualSystemSettingData")}; {@link #toString()} is the text. Immutable.
 */
public final class Wql {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String text;
    private final boolean associators;
    private final boolean hasWhere;

    private Wql(String text, boolean associators, boolean hasWhere) {
        this.text = text;
        this.associators = associators;
        this.hasWhere = hasWhere;
    }

    /** {@code SELECT * FROM className}. */
    public static Wql select(String className) {
        return new Wql("SELECT * FROM " + identifier(className), false, false);
    }

    /** {@code ASSOCIATORS OF {Class.Key="v",…}} of the instance the reference names. */
    public static Wql associatorsOf(CimReference instance) {
        return new Wql("ASSOCIATORS OF {" + instance.objectPath() + "}", true, false);
    }

    /** {@code ASSOCIATORS OF {className.k1="v1",k2="v2"}}: keys and values alternate. */
    public static Wql associatorsOf(String className, String... keysAndValues) {
        if (keysAndValues.length == 0 || keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs: " + keysAndValues.length);
        }
        StringBuilder path = new StringBuilder(identifier(className)).append('.');
        for (int i = 0; i < keysAndValues.length; i += 2) {
            path.append(i == 0 ? "" : ",").append(identifier(keysAndValues[i])).append('=')
                    .append(literal(keysAndValues[i + 1]));
        }
        return new Wql("ASSOCIATORS OF {" + path + "}", true, false);
    }

    /** {@code WHERE property = "value"} (the first condition of a SELECT). */
    public Wql where(String property, String value) {
        return condition("WHERE", property, "=", literal(value));
    }

    /** {@code WHERE property = number}. */
    public Wql where(String property, long value) {
        return condition("WHERE", property, "=", Long.toString(value));
    }

    public Wql and(String property, String value) {
        return condition("AND", property, "=", literal(value));
    }

    public Wql and(String property, long value) {
        return condition("AND", property, "=", Long.toString(value));
    }

    /** {@code AND property <> "value"}. */
    public Wql andNot(String property, String value) {
        return condition("AND", property, "<>", literal(value));
    }

    public Wql or(String property, String value) {
        return condition("OR", property, "=", literal(value));
    }

    /** {@code WHERE AssocClass = name} of an ASSOCIATORS OF (may follow resultClass). */
    public Wql assocClass(String className) {
        return associatorClause("AssocClass", className);
    }

    /** {@code WHERE ResultClass = name} of an ASSOCIATORS OF (may follow assocClass). */
    public Wql resultClass(String className) {
        return associatorClause("ResultClass", className);
    }

    private Wql condition(String keyword, String property, String operator, String operand) {
        if (associators) {
            throw new IllegalStateException("ASSOCIATORS OF takes AssocClass and ResultClass, not " + keyword);
        }
        if (hasWhere == "WHERE".equals(keyword)) {
            throw new IllegalStateException(hasWhere ? "a second WHERE: use and/or" : keyword + " before WHERE");
        }
        return new Wql(text + " " + keyword + " " + identifier(property) + " " + operator + " " + operand, false, true);
    }

    private Wql associatorClause(String keyword, String className) {
        if (!associators) {
            throw new IllegalStateException(keyword + " belongs to ASSOCIATORS OF");
        }
        return new Wql(text + (hasWhere ? " " : " WHERE ") + keyword + " = " + identifier(className), true, true);
    }

    /** A WQL string literal: double quotes around the value, backslash and both quotes escaped. */
    static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"' || c == '\'') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** A class or property name, refused unless a plain identifier (names are never escaped, only checked). */
    static String identifier(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a WQL class or property name: " + name);
        }
        return name;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Wql wql && wql.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
