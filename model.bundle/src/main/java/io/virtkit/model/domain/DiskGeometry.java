package io.virtkit.model.domain;

/**
 * A disk's {@code <geometry>} and {@code <blockio>}: the BIOS geometry and the block sizes the guest sees.
 * Absent values are {@code null}.
 *
 * @param cylinders          BIOS cylinders
 * @param heads              BIOS heads
 * @param sectors            BIOS sectors per track
 * @param translation        BIOS translation: {@code none}, {@code lba} or {@code auto}
 * @param logicalBlockSize   the logical block size in bytes
 * @param physicalBlockSize  the physical block size in bytes
 * @param discardGranularity the discard granularity in bytes
 */
public record DiskGeometry(Integer cylinders, Integer heads, Integer sectors, String translation,
        Integer logicalBlockSize, Integer physicalBlockSize, Integer discardGranularity) {

    /** Nothing set. */
    public static final DiskGeometry NONE = new DiskGeometry(null, null, null, null, null, null, null);

    /** Whether a {@code <geometry>} is written. */
    public boolean hasGeometry() {
        return cylinders != null;
    }

    /** Whether a {@code <blockio>} is written. */
    public boolean hasBlockIo() {
        return logicalBlockSize != null || physicalBlockSize != null || discardGranularity != null;
    }

    /** {@code value}, or {@link #NONE} for {@code null}. */
    public static DiskGeometry orNone(DiskGeometry value) {
        return value == null ? NONE : value;
    }
}
