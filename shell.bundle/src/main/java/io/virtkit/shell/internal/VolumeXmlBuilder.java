package io.virtkit.shell.internal;

/**
 * The volume XML that vol-create-as builds from its options, element for element as virsh builds it: name,
 * capacity, allocation when given, the target format, and the backing store's path and format.
 */
record VolumeXmlBuilder(String name, long capacity, Long allocation, String format, String backingPath,
        String backingFormat) {

    String xml() {
        StringBuilder xml = new StringBuilder("<volume>\n");
        xml.append("  <name>").append(PoolXmlBuilder.escape(name)).append("</name>\n");
        xml.append("  <capacity>").append(Long.toUnsignedString(capacity)).append("</capacity>\n");
        if (allocation != null) {
            xml.append("  <allocation>").append(Long.toUnsignedString(allocation)).append("</allocation>\n");
        }
        if (format != null) {
            xml.append("  <target>\n    <format type='").append(PoolXmlBuilder.escape(format))
                    .append("'/>\n  </target>\n");
        }
        if (backingPath != null) {
            xml.append("  <backingStore>\n    <path>").append(PoolXmlBuilder.escape(backingPath)).append("</path>\n");
            if (backingFormat != null) {
                xml.append("    <format type='").append(PoolXmlBuilder.escape(backingFormat)).append("'/>\n");
            }
            xml.append("  </backingStore>\n");
        }
        return xml.append("</volume>\n").toString();
    }
}
