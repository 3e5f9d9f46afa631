package io.virtkit.xen.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hotplug scripts libxl runs in the nested host's dom0 for a guest's disks and vifs, at the paths it runs
 * Debian's from ({@code /etc/xen/scripts/block}, {@code /etc/xen/scripts/vif-bridge}), so a config needs no
 * {@code script=}. Debian's own need bash, util-linux's {@code flock} and more; these stand-ins do the same job
 * with busybox and the xenstore tools: a file becomes a loop device whose numbers blkback reads from
 * {@code physical-device}, a vif joins its bridge, and both report {@code hotplug-status = connected}.
 */
final class Dom0HotplugScripts {
    /** Resource beside this class -> where dom0 has it. */
    private static final Map<String, String> SCRIPTS = scripts();

    private Dom0HotplugScripts() {
    }

    private static Map<String, String> scripts() {
        Map<String, String> scripts = new LinkedHashMap<>();
        scripts.put("hotplug-block.sh", "etc/xen/scripts/block");
        scripts.put("hotplug-vif-bridge.sh", "etc/xen/scripts/vif-bridge");
        return scripts;
    }

    /** The scripts' text, for the images' cache key. */
    static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String resource : SCRIPTS.keySet()) {
            texts.add(NestedXenImages.resource(resource));
        }
        return texts;
    }

    /** Writes the scripts (executable) into dom0's tree. */
    static void install(Path dom0) throws IOException {
        for (Map.Entry<String, String> script : SCRIPTS.entrySet()) {
            NestedXenImages.script(dom0.resolve(script.getValue()), NestedXenImages.resource(script.getKey()));
        }
    }
}
