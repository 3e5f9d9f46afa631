package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.GraphicsListen;
import io.virtkit.model.domain.VideoDevice;
import java.util.List;

/**
 * The VNC server ({@code RemoteDisplay.vnc.*}) and the SVGA adapter ({@code svga.vramSize}) between VMX and
 * graphics and video devices, as libvirt's virVMXParseVNC/SVGA and virVMXFormatVNC/SVGA map them.
 */
final class VmxDisplay {
    private VmxDisplay() {
    }

    /** The VNC display, or {@code null} when VNC is not enabled. */
    static GraphicsDevice parseVnc(VmxEntries vmx) {
        if (!vmx.bool("RemoteDisplay.vnc.enabled", false)) {
            return null;
        }
        long port = vmx.number("RemoteDisplay.vnc.port", -1, true);
        String listen = vmx.string("RemoteDisplay.vnc.ip", true);
        String keymap = vmx.string("RemoteDisplay.vnc.keymap", true);
        String password = vmx.string("RemoteDisplay.vnc.password", true);
        // without a port the display's port is unknown: libvirt shows it as chosen automatically
        GraphicsDevice.Builder vnc = GraphicsDevice.builder(GraphicsDevice.Type.VNC)
                .port(port < 0 ? 0 : (int) port).autoport(port < 0).keymap(keymap).passwd(password);
        // libvirt gives the display an address listen even without an address
        vnc.listen(listen).listens(List.of(new GraphicsListen(GraphicsListen.Type.ADDRESS, listen, null, null)));
        return vnc.build();
    }

    /** The SVGA adapter every VMware guest has; its VRAM defaults to 4 MiB. */
    static VideoDevice parseSvga(VmxEntries vmx) {
        long bytes = vmx.number("svga.vramSize", 4 * 1024 * 1024, true);
        int kib = (int) ((bytes + 1023) / 1024);
        return new VideoDevice("vmvga", null, kib, null, null, null, true, null, null, null, null, null, null, null);
    }

    /** Writes a display's entries; only VNC exists in VMX. */
    static void formatGraphics(GraphicsDevice graphics, VmxFile.Builder out) {
        if (graphics.type() != GraphicsDevice.Type.VNC) {
            throw VmxErrors.unsupported("Unsupported graphics type '" + graphics.type().xmlName() + "'");
        }
        out.put("RemoteDisplay.vnc.enabled", "true");
        if (!graphics.autoport()) {
            out.put("RemoteDisplay.vnc.port", Integer.toString(graphics.port()));
        }
        String listen = graphics.listens().isEmpty() ? graphics.listen() : graphics.listens().get(0).address();
        if (listen != null) {
            out.put("RemoteDisplay.vnc.ip", listen);
        }
        if (graphics.keymap() != null) {
            out.put("RemoteDisplay.vnc.keymap", graphics.keymap());
        }
        if (graphics.passwd() != null) {
            out.put("RemoteDisplay.vnc.password", graphics.passwd());
        }
    }

    /** Writes the video adapter's VRAM, rounded up to 64 KiB as Windows guests need. */
    static void formatSvga(VideoDevice video, VmxFile.Builder out) {
        if (!video.model().equals("vmvga")) {
            throw VmxErrors.unsupported("Unsupported video device type '" + video.model() + "'");
        }
        if (video.heads() != null && video.heads() > 1) {
            throw VmxErrors.unsupported("Multi-head video devices are unsupported");
        }
        long vram = video.vram() == null ? 4096 : video.vram(); // libvirt's default VRAM for vmvga
        out.put("svga.vramSize", Long.toString((vram + 63) / 64 * 64 * 1024));
    }
}
