package io.virtkit.hyperv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stand-in's WQL: what it accepts, how literals unescape, what it refuses. */
class StandInWqlParserTest {

    private static CimObject vm(String name, String state) {
        return new CimObject("Msvm_ComputerSystem").set("Name", "G").set("CreationClassName", "Msvm_ComputerSystem")
                .set("ElementName", name).set("EnabledState", state).set("ProcessID", null);
    }

    private static WqlQuery.Condition where(String text) {
        return ((WqlQuery.Select) WqlParser.parse("SELECT * FROM Msvm_ComputerSystem WHERE " + text)).where();
    }

    @Test
    void selectWithoutWhereHasNoCondition() {
        assertThat(WqlParser.parse("select * from Msvm_ComputerSystem"))
                .isEqualTo(new WqlQuery.Select("Msvm_ComputerSystem", null));
    }

    @Test
    void literalsTakeEitherQuoteAndBackslashEscapes() {
        assertThat(where("ElementName = 'it\\'s'").test(vm("it's", "2"))).isTrue();
        assertThat(where("ElementName = \"say \\\"hi\\\"\"").test(vm("say \"hi\"", "2"))).isTrue();
        assertThat(where("ElementName = 'C:\\\\dir'").test(vm("C:\\dir", "2"))).isTrue();
        assertThat(where("ElementName = 'C:\\\\dir'").test(vm("C:\\\\dir", "2"))).isFalse();
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        WqlQuery.Condition c = where("ElementName = 'a' OR ElementName = 'b' AND EnabledState = 2");
        assertThat(c.test(vm("a", "3"))).isTrue();
        assertThat(c.test(vm("b", "3"))).isFalse();
        assertThat(c.test(vm("b", "2"))).isTrue();
        WqlQuery.Condition grouped = where("(ElementName = 'a' OR ElementName = 'b') AND EnabledState = 2");
        assertThat(grouped.test(vm("a", "3"))).isFalse();
    }

    @Test
    void notEqualNullAndAbsentProperties() {
        assertThat(where("EnabledState <> 2").test(vm("a", "3"))).isTrue();
        assertThat(where("EnabledState != 2").test(vm("a", "2"))).isFalse();
        assertThat(where("ProcessID = NULL").test(vm("a", "3"))).isTrue();
        assertThat(where("NoSuchProperty = 'x'").test(vm("a", "3"))).isFalse();
        assertThat(where("NoSuchProperty <> 'x'").test(vm("a", "3"))).isFalse();
    }

    @Test
    void associatorsOfAnObjectPathWithEitherClauseOptional() {
        assertThat(WqlParser.parse("associators of {Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\","
                + "Name='G\\\\1'} where AssocClass = Msvm_SettingsDefineState ResultClass = "
                + "Msvm_VirtualSystemSettingData"))
                .isEqualTo(new WqlQuery.Associators("Msvm_ComputerSystem",
                        Map.of("CreationClassName", "Msvm_ComputerSystem", "Name", "G\\1"),
                        "Msvm_SettingsDefineState", "Msvm_VirtualSystemSettingData"));
        assertThat(WqlParser.parse("ASSOCIATORS OF {Win32_ComputerSystem.Name='H'} WHERE ResultClass = "
                + "Win32_Processor")).isEqualTo(new WqlQuery.Associators("Win32_ComputerSystem", Map.of("Name", "H"),
                        null, "Win32_Processor"));
        assertThat(WqlParser.parse("ASSOCIATORS OF {Win32_ComputerSystem.Name='H'}"))
                .isEqualTo(new WqlQuery.Associators("Win32_ComputerSystem", Map.of("Name", "H"), null, null));
    }

    @Test
    void referencesOfTakesOnlyAResultClass() {
        assertThat(WqlParser.parse("REFERENCES OF {Msvm_AllocationCapabilities.InstanceID='C'} WHERE ResultClass = "
                + "Msvm_SettingsDefineCapabilities")).isEqualTo(new WqlQuery.References("Msvm_AllocationCapabilities",
                        Map.of("InstanceID", "C"), "Msvm_SettingsDefineCapabilities"));
        assertThatThrownBy(() -> WqlParser.parse("REFERENCES OF {X.K='v'} WHERE AssocClass = Y"))
                .isInstanceOf(WqlParser.WqlException.class);
    }

    @Test
    void refusesWhatItCannotParse() {
        for (String bad : new String[] {"", "SELECT Name FROM X", "SELECT * FROM", "SELECT * FROM X WHERE",
                "SELECT * FROM X WHERE A = 'open", "SELECT * FROM X WHERE A = 'x' junk", "SELECT * FROM X WHERE A",
                "SELECT * FROM X WHERE A > 1", "DELETE FROM X", "ASSOCIATORS OF {X}", "ASSOCIATORS OF {X.K='v'",
                "ASSOCIATORS OF {X.K='v'} WHERE Bogus = Y", "SELECT * FROM X; DROP"}) {
            assertThatThrownBy(() -> WqlParser.parse(bad)).as(bad).isInstanceOf(WqlParser.WqlException.class);
        }
    }
}
