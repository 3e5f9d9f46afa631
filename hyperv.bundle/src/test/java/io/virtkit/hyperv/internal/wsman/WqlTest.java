package io.virtkit.hyperv.internal.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WqlTest {

    @Test
    void selectWithConditionsQuotesEveryValue() {
        Wql wql = Wql.select("Msvm_ComputerSystem").where("ElementName", "web").and("Description",
                "Microsoft Virtual Machine");

        assertThat(wql).hasToString("SELECT * FROM Msvm_ComputerSystem WHERE ElementName = \"web\" AND Description"
                + " = \"Microsoft Virtual Machine\"");
    }

    @Test
    void quotesAndBackslashesInAValueAreEscaped() {
        Wql wql = Wql.select("Msvm_ComputerSystem").where("ElementName", "a\" OR Name <> \"x\\'y");

        assertThat(wql).hasToString("SELECT * FROM Msvm_ComputerSystem WHERE ElementName = "
                + "\"a\\\" OR Name <> \\\"x\\\\\\'y\"");
    }

    @Test
    void aTrailingBackslashCannotEscapeTheClosingQuote() {
        assertThat(Wql.select("C").where("P", "x\\").toString()).endsWith("= \"x\\\\\"");
    }

    @Test
    void numbersOrAndNotEqual() {
        assertThat(Wql.select("Msvm_ComputerSystem").where("EnabledState", 2).or("ElementName", "b")
                .andNot("Name", "c")).hasToString(
                        "SELECT * FROM Msvm_ComputerSystem WHERE EnabledState = 2 OR ElementName = \"b\" AND Name <> \"c\"");
    }

    @Test
    void associatorsOfAReferenceWithBothClauses() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("CreationClassName", "Msvm_ComputerSystem");
        keys.put("Name", "AB\"CD");
        CimReference vm = CimReference.of(WsmanUris.VIRTUALIZATION_V2, "Msvm_ComputerSystem", keys);

        Wql wql = Wql.associatorsOf(vm).assocClass("Msvm_SettingsDefineState")
                .resultClass("Msvm_VirtualSystemSettingData");

        assertThat(wql).hasToString("ASSOCIATORS OF {Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\","
                + "Name=\"AB\\\"CD\"} WHERE AssocClass = Msvm_SettingsDefineState ResultClass = "
                + "Msvm_VirtualSystemSettingData");
    }

    @Test
    void associatorsOfAClassWithKeysAndOnlyAResultClass() {
        assertThat(Wql.associatorsOf("Msvm_VirtualSystemSettingData", "InstanceID", "Microsoft:X\\Y")
                .resultClass("Msvm_ProcessorSettingData")).hasToString(
                        "ASSOCIATORS OF {Msvm_VirtualSystemSettingData.InstanceID=\"Microsoft:X\\\\Y\"} WHERE "
                                + "ResultClass = Msvm_ProcessorSettingData");
    }

    @Test
    void namesThatAreNotIdentifiersAreRefused() {
        assertThatThrownBy(() -> Wql.select("Msvm_ComputerSystem WHERE 1=1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wql.select("C").where("Name = \"x\" OR Name", "y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wql.associatorsOf("C", "K")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clausesOutOfPlaceAreRefused() {
        assertThatThrownBy(() -> Wql.select("C").and("P", "v")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Wql.select("C").where("P", "v").where("Q", "w"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Wql.select("C").assocClass("A")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Wql.associatorsOf("C", "K", "v").where("P", "v"))
                .isInstanceOf(IllegalStateException.class);
    }
}
