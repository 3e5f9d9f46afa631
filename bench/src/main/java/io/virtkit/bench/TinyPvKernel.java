package io.virtkit.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The smallest x86-64 ELF that Xen's PV domain builder loads: one page of code (a pause loop, never run: the domains
 * are created paused) and the Xen ELF notes the builder checks (Xen 3.0 interface, the generic loader, virtual base 0
 * as Mini-OS has it). Debian's kernel needs about 70 MiB only to be built (its image is 58 MiB unpacked), so ten such
 * domains do not fit beside the nested host's 512 MiB dom0; ten of this one, 32 MiB each, do.
 */
final class TinyPvKernel {
    private static final int PAGE = 0x1000;
    private static final int XEN_ELFNOTE_ENTRY = 1;
    private static final int XEN_ELFNOTE_VIRT_BASE = 3;
    private static final int XEN_ELFNOTE_PADDR_OFFSET = 4;
    private static final int XEN_ELFNOTE_XEN_VERSION = 5;
    private static final int XEN_ELFNOTE_GUEST_OS = 6;
    private static final int XEN_ELFNOTE_LOADER = 8;

    private TinyPvKernel() {
    }

    static byte[] image() {
        byte[] notes = notes();
        int notesOffset = 64 + 2 * 56;
        ByteBuffer b = ByteBuffer.allocate(2 * PAGE).order(ByteOrder.LITTLE_ENDIAN);
        // ELF header: ELFCLASS64, little-endian, ET_EXEC, EM_X86_64, entry 0, two program headers
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) 62).putInt(1).putLong(0).putLong(64).putLong(0).putInt(0);
        b.putShort((short) 64).putShort((short) 56).putShort((short) 2).putShort((short) 64).putShort((short) 0)
                .putShort((short) 0);
        // PT_LOAD: the code page at virtual and physical 0, read/write/execute
        b.putInt(1).putInt(7).putLong(PAGE).putLong(0).putLong(0).putLong(PAGE).putLong(PAGE).putLong(PAGE);
        // PT_NOTE: the Xen notes
        b.putInt(4).putInt(4).putLong(notesOffset).putLong(0).putLong(0).putLong(notes.length).putLong(notes.length)
                .putLong(4);
        b.put(notes);
        b.position(PAGE);
        b.put(new byte[] {(byte) 0xf3, (byte) 0x90, (byte) 0xeb, (byte) 0xfc}); // pause; jmp back
        return b.array();
    }

    private static byte[] notes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        note(out, XEN_ELFNOTE_GUEST_OS, text("Mini-OS"));
        note(out, XEN_ELFNOTE_XEN_VERSION, text("xen-3.0"));
        note(out, XEN_ELFNOTE_LOADER, text("generic"));
        note(out, XEN_ELFNOTE_VIRT_BASE, word(0));
        note(out, XEN_ELFNOTE_PADDR_OFFSET, word(0));
        note(out, XEN_ELFNOTE_ENTRY, word(0));
        return out.toByteArray();
    }

    private static void note(ByteArrayOutputStream out, int type, byte[] desc) {
        ByteBuffer b = ByteBuffer.allocate(12 + 4 + align4(desc.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4).putInt(desc.length).putInt(type).put(new byte[] {'X', 'e', 'n', 0}).put(desc);
        out.writeBytes(b.array());
    }

    private static byte[] text(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] word(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }
}
