package io.virtkit.hyperv.internal.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CimXmlTest {

    private static final String VSSD = "Msvm_VirtualSystemSettingData";

    @Test
    void writesPropertiesArraysAndNullsAsDsp0201() {
        CimInstance settings = CimInstance.of(WsmanUris.VIRTUALIZATION_V2, VSSD)
                .with("ElementName", "a<b>&\"c\"")
                .with("Notes", "one", "two")
                .with("BIOSGUID")
                .with("VirtualSystemSubType", "Microsoft:Hyper-V:SubType:2");

        assertThat(settings.toCimXml()).isEqualTo("<INSTANCE CLASSNAME=\"Msvm_VirtualSystemSettingData\">"
                + "<PROPERTY NAME=\"ElementName\" TYPE=\"string\"><VALUE>a&lt;b&gt;&amp;\"c\"</VALUE></PROPERTY>"
                + "<PROPERTY.ARRAY NAME=\"Notes\" TYPE=\"string\"><VALUE.ARRAY><VALUE>one</VALUE><VALUE>two</VALUE>"
                + "</VALUE.ARRAY></PROPERTY.ARRAY>"
                + "<PROPERTY NAME=\"BIOSGUID\" TYPE=\"string\"></PROPERTY>"
                + "<PROPERTY NAME=\"VirtualSystemSubType\" TYPE=\"string\"><VALUE>Microsoft:Hyper-V:SubType:2</VALUE>"
                + "</PROPERTY></INSTANCE>");
    }

    @Test
    void aSingleHostResourceIsStillAnArrayAndDeclaredTypesAreWritten() {
        CimInstance disk = CimInstance.of(WsmanUris.VIRTUALIZATION_V2, "Msvm_StorageAllocationSettingData")
                .with("ResourceType", 31).withCimType("ResourceType", "uint16")
                .with("HostResource", "C:\\vm\\disk.vhdx")
                .with("Parent", "x").withCimType("Parent", "string[]");

        String xml = disk.toCimXml();

        assertThat(xml).contains("<PROPERTY NAME=\"ResourceType\" TYPE=\"uint16\"><VALUE>31</VALUE></PROPERTY>")
                .contains("<PROPERTY.ARRAY NAME=\"HostResource\" TYPE=\"string\"><VALUE.ARRAY><VALUE>C:\\vm\\disk.vhdx"
                        + "</VALUE></VALUE.ARRAY></PROPERTY.ARRAY>")
                .contains("<PROPERTY.ARRAY NAME=\"Parent\" TYPE=\"string\">");
    }

    @Test
    void roundTripKeepsValuesTypesArraysAndOrder() {
        CimInstance memory = CimInstance.of(WsmanUris.VIRTUALIZATION_V2, "Msvm_MemorySettingData")
                .with("InstanceID", "Microsoft:GUID\\4764334d")
                .with("VirtualQuantity", 2048L).withCimType("VirtualQuantity", "uint64")
                .with("DynamicMemoryEnabled", false).withCimType("DynamicMemoryEnabled", "boolean")
                .with("Connection", "\\\\.\\pipe\\com1")
                .with("Description");

        CimInstance back = CimInstance.fromCimXml(memory.toCimXml());

        assertThat(back).isEqualTo(memory);
        assertThat(back.properties().keySet()).containsExactly("InstanceID", "VirtualQuantity",
                "DynamicMemoryEnabled", "Connection", "Description");
        assertThat(back.cimType("VirtualQuantity")).isEqualTo("uint64");
        assertThat(back.cimType("Connection")).isEqualTo("string[]");
        assertThat(back.get("Description")).isNull();
        assertThat(back.get("DynamicMemoryEnabled")).isEqualTo("false");
        assertThat(back.resourceUri()).isEqualTo(
                "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/Msvm_MemorySettingData");
        assertThat(back.toCimXml()).isEqualTo(memory.toCimXml());
    }

    @Test
    void embeddedInstancesAndReferencesRoundTrip() {
        CimInstance inner = CimInstance.of(WsmanUris.VIRTUALIZATION_V2, "Msvm_ProcessorSettingData")
                .with("VirtualQuantity", "4");
        CimReference vm = CimReference.of(WsmanUris.VIRTUALIZATION_V2, "Msvm_ComputerSystem",
                Map.of("Name", "0A1B"));
        CimInstance outer = CimInstance.of(WsmanUris.VIRTUALIZATION_V2, "Msvm_Example")
                .with("Inner", inner).with("System", vm);

        String xml = outer.toCimXml();
        CimInstance back = CimInstance.fromCimXml(xml);

        assertThat(xml).contains("EmbeddedObject=\"instance\"").contains("&lt;INSTANCE CLASSNAME=")
                .contains("<KEYBINDING NAME=\"Name\"><KEYVALUE VALUETYPE=\"string\">0A1B</KEYVALUE></KEYBINDING>");
        assertThat(back.embedded("Inner")).isEqualTo(inner);
        assertThat(back.reference("System")).isEqualTo(vm);
    }

    @Test
    void readsCimXmlWrittenByOthersWithWhitespaceAndADeclaration() {
        String xml = """
                <?xml version="1.0" encoding="UTF-16"?>
                <INSTANCE CLASSNAME="Win32_Thing">
                  <PROPERTY NAME="Caption" TYPE="string">
                    <VALUE>Thing</VALUE>
                  </PROPERTY>
                  <PROPERTY.ARRAY NAME="Codes" TYPE="uint32">
                    <VALUE.ARRAY>
                      <VALUE>1</VALUE>
                      <VALUE>2</VALUE>
                    </VALUE.ARRAY>
                  </PROPERTY.ARRAY>
                  <PROPERTY.ARRAY NAME="Empty" TYPE="string"/>
                </INSTANCE>
                """;

        CimInstance thing = CimInstance.fromCimXml(xml);

        assertThat(thing.className()).isEqualTo("Win32_Thing");
        assertThat(thing.resourceUri()).endsWith("/root/cimv2/Win32_Thing");
        assertThat(thing.get("Caption")).isEqualTo("Thing");
        assertThat(thing.getAll("Codes")).containsExactly("1", "2");
        assertThat(thing.getAll("Empty")).isEmpty();
        assertThat(thing.has("Empty")).isTrue();
        assertThat(thing.cimType("Codes")).isEqualTo("uint32[]");
    }

    @Test
    void whatIsNotAnInstanceIsRefused() {
        assertThatThrownBy(() -> CimInstance.fromCimXml("<CLASS NAME=\"x\"/>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INSTANCE");
        assertThatThrownBy(() -> CimInstance.fromCimXml("<INSTANCE CLASSNAME=\"x\"><QUALIFIER NAME=\"q\"/></INSTANCE>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QUALIFIER");
        assertThatThrownBy(() -> CimInstance.fromCimXml("<INSTANCE CLASSNAME=\"x\">"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CimInstance.fromCimXml("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<INSTANCE CLASSNAME=\"x\"><PROPERTY NAME=\"p\" TYPE=\"string\"><VALUE>&e;</VALUE></PROPERTY>"
                + "</INSTANCE>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withReplacesInPlaceAndKeepsTheOriginal() {
        CimInstance a = new CimInstance("C", "uri/C", Map.of("X", List.of("1")));
        CimInstance b = a.with("X", "2").with("Y", "3");

        assertThat(a.get("X")).isEqualTo("1");
        assertThat(b.get("X")).isEqualTo("2");
        assertThat(b.properties().keySet()).containsExactly("X", "Y");
        assertThatThrownBy(() -> a.with("Z", new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
