package io.virtkit.hyperv.internal.wsman;

/**
 * The namespaces and URIs of WS-Management as WinRM speaks it, and the resource URIs of WMI classes: WinRM
 * names a class of the WMI namespace {@code root/virtualization/v2} as
 * {@code http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/CLASS}.
 */
public final class WsmanUris {

    public static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    public static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    public static final String ENUMERATION = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    public static final String TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    public static final String CIM = "http://schemas.dmtf.org/wbem/wscim/1/common";
    public static final String WSMAN_FAULT = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";

    public static final String ANONYMOUS = ADDRESSING + "/role/anonymous";
    public static final String WQL_DIALECT = "http://schemas.microsoft.com/wbem/wsman/1/WQL";

    public static final String VIRTUALIZATION_V2 = "root/virtualization/v2";
    public static final String CIMV2 = "root/cimv2";

    private static final String WMI_BASE = "http://schemas.microsoft.com/wbem/wsman/1/wmi/";

    static final String ENUMERATE = ENUMERATION + "/Enumerate";
    static final String PULL = ENUMERATION + "/Pull";
    static final String RELEASE = ENUMERATION + "/Release";
    static final String GET = TRANSFER + "/Get";
    static final String RESPONSE = "Response";

    private WsmanUris() {
    }

    /** The resource URI of a class of a WMI namespace ({@code "root/cimv2"}, {@code "Win32_Processor"}). */
    public static String resourceUri(String namespace, String className) {
        return WMI_BASE + namespace + "/" + className;
    }

    /** The wildcard resource URI a WQL Enumerate in that namespace is sent to. */
    public static String enumerationUri(String namespace) {
        return WMI_BASE + namespace + "/*";
    }

    /**
     * The resource URI of a class known only by name (CIM-XML names no namespace): Hyper-V's Msvm_ classes live
     * in root/virtualization/v2, every other class here in root/cimv2.
     */
    static String resourceUriOf(String className) {
        return resourceUri(className.startsWith("Msvm_") ? VIRTUALIZATION_V2 : CIMV2, className);
    }
}
