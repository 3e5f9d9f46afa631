package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.TpmDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code <tpm>}: the model and its backend (passthrough device, emulator with its state, external socket). */
final class TpmXml {

    private static final List<String> BANKS = List.of("sha1", "sha256", "sha384", "sha512");

    /** The keys this codec reads, relative to {@code <tpm>}. */
    static final List<String> MODELLED = List.of("@model", "backend@type", "backend@version",
            "backend@persistent_state", "backend/device@path", "backend/encryption@secret",
            "backend/active_pcr_banks", "backend/active_pcr_banks/sha1", "backend/active_pcr_banks/sha256",
            "backend/active_pcr_banks/sha384", "backend/active_pcr_banks/sha512", "backend/source@type",
            "backend/source@mode", "backend/source@path");

    private static final Set<String> MODELS = Set.of("tpm-tis", "tpm-crb", "tpm-spapr", "spapr-tpm-proxy");

    private TpmXml() {
    }

    static TpmDevice parse(XmlCursor t) {
        String model = t.attr("model");
        if (model != null && !MODELS.contains(model)) {
            throw DomainErrors.xmlError("Unknown TPM frontend type '" + model + "'");
        }
        XmlCursor b = t.child("backend");
        if (b == null || b.attr("type") == null) {
            throw DomainErrors.xmlError("missing TPM device backend type");
        }
        String type = b.attr("type");
        String version = b.attr("version");
        if (version != null && !version.equals("1.2") && !version.equals("2.0")) {
            throw DomainErrors.xmlError("Unsupported TPM version '" + version + "'");
        }
        String devicePath = null;
        String persistent = null;
        String secret = null;
        List<String> banks = new ArrayList<>();
        String sourcePath = null;
        switch (type) {
            case "passthrough" -> {
                XmlCursor device = b.child("device");
                devicePath = device == null ? null : device.attr("path");
            }
            case "emulator" -> {
                if (b.attr("persistent_state") != null) {
                    persistent = DomainErrors.yesNo(b.attr("persistent_state"), "persistent_state", "backend")
                            ? "yes" : "no";
                }
                XmlCursor enc = b.child("encryption");
                if (enc != null) {
                    secret = enc.attr("secret");
                    if (secret == null) {
                        throw DomainErrors.xmlError("missing secret uuid for TPM state encryption");
                    }
                }
                XmlCursor pcr = b.child("active_pcr_banks");
                if (pcr != null) {
                    for (String bank : BANKS) {
                        if (pcr.child(bank) != null) {
                            banks.add(bank);
                        }
                    }
                }
            }
            case "external" -> {
                XmlCursor source = b.child("source");
                if (source == null || !"unix".equals(source.attr("type")) || source.attr("path") == null) {
                    throw DomainErrors.xmlError("missing TPM external source path of type 'unix'");
                }
                sourcePath = source.attr("path");
            }
            default -> throw DomainErrors.xmlError("Unknown TPM backend type '" + type + "'");
        }
        return new TpmDevice(model, type, version, devicePath, persistent, secret, banks, sourcePath, null);
    }

    static void write(XmlWriter w, TpmDevice t, boolean live) {
        w.open("tpm", "model", t.model());
        String[] attrs = {"type", t.backendType(), "version", t.version(), "persistent_state", t.persistentState()};
        boolean children = t.devicePath() != null || t.encryptionSecret() != null || !t.activePcrBanks().isEmpty()
                || t.sourcePath() != null;
        if (!children) {
            w.empty("backend", attrs);
        } else {
            w.open("backend", attrs);
            if (t.devicePath() != null) {
                w.empty("device", "path", t.devicePath());
            }
            if (t.sourcePath() != null) {
                w.empty("source", "type", "unix", "mode", "connect", "path", t.sourcePath());
            }
            if (t.encryptionSecret() != null) {
                w.empty("encryption", "secret", t.encryptionSecret());
            }
            if (!t.activePcrBanks().isEmpty()) {
                w.open("active_pcr_banks");
                t.activePcrBanks().forEach(bank -> w.empty(bank));
                w.close("active_pcr_banks");
            }
            w.close("backend");
        }
        DeviceInfoXml.write(w, t.info(), live);
        w.close("tpm");
    }
}
