package io.virtkit.model.storage;

/**
 * A scsi pool's {@code <adapter>}: a scsi_host by {@code name} or by its parent's PCI address, or an fc_host
 * (vHBA) by its WWNN/WWPN and optional parent. libvirt's old form without a type is a scsi_host, written with
 * its type.
 */
public record SourceAdapter(Kind kind, String name, AdapterParentAddress parentAddress,
        String parent, Boolean managed, String parentWwnn, String parentWwpn, String parentFabricWwn, String wwnn,
        String wwpn) {

    /** The adapter types. */
    public enum Kind {
        SCSI_HOST, FC_HOST;

        public String xmlName() {
            return this == SCSI_HOST ? "scsi_host" : "fc_host";
        }
    }

    public static SourceAdapter scsiHost(String name) {
        return new SourceAdapter(Kind.SCSI_HOST, name, null, null, null, null, null, null, null, null);
    }

    public static SourceAdapter fcHost(String parent, String wwnn, String wwpn) {
        return new SourceAdapter(Kind.FC_HOST, null, null, parent, null, null, null, null, wwnn, wwpn);
    }
}
