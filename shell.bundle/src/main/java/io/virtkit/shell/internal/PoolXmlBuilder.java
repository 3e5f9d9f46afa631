package io.virtkit.shell.internal;

/**
 * The pool XML that pool-define-as and pool-create-as build from their options, element for element as virsh
 * builds it: source host, directory, device, format and name, then the target path.
 */
record PoolXmlBuilder(String name, String type, String sourceHost, String sourcePath, String sourceDev,
        String sourceFormat, String sourceName, String target) {

    String xml() {
        StringBuilder xml = new StringBuilder();
        xml.append("<pool type='").append(escape(type)).append("'>\n");
        xml.append("  <name>").append(escape(name)).append("</name>\n");
        if (sourceHost != null || sourcePath != null || sourceDev != null || sourceFormat != null
                || sourceName != null) {
            xml.append("  <source>\n");
            if (sourceHost != null) {
                int colon = sourceHost.lastIndexOf(':');
                boolean port = colon > 0 && sourceHost.indexOf(':') == colon; // host:port, not an IPv6 address
                xml.append("    <host name='").append(escape(port ? sourceHost.substring(0, colon) : sourceHost))
                        .append(port ? "' port='" + escape(sourceHost.substring(colon + 1)) : "").append("'/>\n");
            }
            if (sourcePath != null) {
                xml.append("    <dir path='").append(escape(sourcePath)).append("'/>\n");
            }
            if (sourceDev != null) {
                xml.append("    <device path='").append(escape(sourceDev)).append("'/>\n");
            }
            if (sourceFormat != null) {
                xml.append("    <format type='").append(escape(sourceFormat)).append("'/>\n");
            }
            if (sourceName != null) {
                xml.append("    <name>").append(escape(sourceName)).append("</name>\n");
            }
            xml.append("  </source>\n");
        }
        if (target != null) {
            xml.append("  <target>\n    <path>").append(escape(target)).append("</path>\n  </target>\n");
        }
        return xml.append("</pool>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
