package io.virtkit.hyperv.internal.wsman;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public final class Wql {
    private final StringBuilder text;
    private boolean where;

    private Wql(String start) {
        this.text = new StringBuilder(start);
    }

    public static Wql select(String className) {
        return new Wql("SELECT * FROM " + className);
    }

    public static Wql associatorsOf(CimReference instance) {
        StringBuilder keys = new StringBuilder();
        instance.selectors().forEach((k, v) -> keys.append(keys.length() == 0 ? "" : ",").append(k).append('=')
                .append(literal(v)));
        return new Wql("ASSOCIATORS OF {" + instance.className() + "." + keys + "}");
    }

    public Wql where(String property, String value) {
        text.append(where ? " AND " : " WHERE ").append(property).append(" = ").append(literal(value));
        where = true;
        return this;
    }

    public Wql and(String property, String value) {
        return where(property, value);
    }

    public Wql or(String property, String value) {
        text.append(" OR ").append(property).append(" = ").append(literal(value));
        return this;
    }

    public Wql assocClass(String className) {
        text.append(where ? " " : " WHERE ").append("AssocClass = ").append(className);
        where = true;
        return this;
    }

    public Wql resultClass(String className) {
        text.append(where ? " " : " WHERE ").append("ResultClass = ").append(className);
        where = true;
        return this;
    }

    private static String literal(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("'", "\\'") + '"';
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
