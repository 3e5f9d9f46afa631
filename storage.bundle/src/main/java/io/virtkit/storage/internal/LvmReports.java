package io.virtkit.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtkit.api.ErrorCode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The LVM tools' JSON reports ({@code --reportformat json --units b --nosuffix}): a volume group's sizes from
 * {@code vgs}, its logical volumes from {@code lvs}. Every value is a string, sizes in bytes.
 */
final class LvmReports {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The vgs fields {@link #space} reads. */
    static final String VG_FIELDS = "vg_name,vg_size,vg_free";
    /** The lvs fields {@link #volumes} reads. */
    static final String LV_FIELDS = "lv_name,lv_path,lv_size,lv_attr";

    private LvmReports() {
    }

    static PoolSpace space(String json) {
        List<JsonNode> rows = rows(json, "vg");
        if (rows.size() != 1) {
            throw StorageErrors.error(ErrorCode.INTERNAL_ERROR, "vgs reported " + rows.size() + " volume groups");
        }
        long size = number(rows.get(0), "vg_size");
        long free = number(rows.get(0), "vg_free");
        return new PoolSpace(size, size - free, free);
    }

    /**
     * The group's logical volumes as block volumes. Thin pools (attribute 't') hold other volumes rather
     * than data and are not listed, as libvirt skips them.
     */
    static List<HostVolume> volumes(String vgName, String json) {
        List<HostVolume> volumes = new ArrayList<>();
        for (JsonNode lv : rows(json, "lv")) {
            String attr = lv.path("lv_attr").asText();
            if (attr.startsWith("t")) {
                continue;
            }
            String name = lv.path("lv_name").asText();
            String path = lv.path("lv_path").asText();
            if (path.isEmpty()) {
                path = "/dev/" + vgName + "/" + name;
            }
            long size = number(lv, "lv_size");
            volumes.add(new HostVolume(name, Path.of(path), HostVolume.Kind.BLOCK, "raw", size, size, null, null));
        }
        return volumes;
    }

    private static List<JsonNode> rows(String json, String kind) {
        try {
            List<JsonNode> rows = new ArrayList<>();
            for (JsonNode report : JSON.readTree(json).path("report")) {
                report.path(kind).forEach(rows::add);
            }
            return rows;
        } catch (IOException e) {
            throw StorageErrors.error(ErrorCode.INTERNAL_ERROR, "cannot parse the LVM report: " + e.getMessage());
        }
    }

    private static long number(JsonNode row, String field) {
        String v = row.path(field).asText();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw StorageErrors.error(ErrorCode.INTERNAL_ERROR, "LVM reported " + field + " '" + v + "'");
        }
    }
}
