package io.virtkit.test.internal;

/** Domain XML for tests. */
final class Xml {
    private Xml() {
    }

    static final String UUID_X = "11111111-2222-3333-4444-555555555555";

    static String domain(String name, String uuid) {
        return domain("test", name, uuid, 1024);
    }

    static String domain(String type, String name, String uuid, long memoryKiB) {
        return "<domain type='" + type + "'><name>" + name + "</name>"
                + (uuid == null ? "" : "<uuid>" + uuid + "</uuid>")
                + "<memory unit='KiB'>" + memoryKiB + "</memory><vcpu>1</vcpu>"
                + "<os><type>hvm</type></os></domain>";
    }
}
