package io.virtkit.model.storage;

/**
 * A pool target's or volume's {@code <permissions>}: octal mode, owner and group ids, security label; each
 * {@code null} when not set (libvirt's -1).
 */
public record StoragePermissions(Integer mode, Long owner, Long group, String label) {
    public static final StoragePermissions NONE = new StoragePermissions(null, null, null, null);

    public StoragePermissions {
        if (mode != null && (mode & ~0777) != 0) {
            throw new IllegalArgumentException("malformed octal mode");
        }
    }

    /** Whether nothing is set: libvirt then writes no {@code <permissions>}. */
    public boolean isEmpty() {
        return mode == null && owner == null && group == null && label == null;
    }
}
