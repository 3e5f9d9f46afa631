package io.virtkit.model.storage;

/**
 * A volume's {@code <timestamps>} as libvirt writes them: seconds with up to nine decimals
 * ({@code 1341933637.273190990}); each {@code null} when unknown.
 */
public record VolumeTimestamps(String atime, String mtime, String ctime, String btime) {
}
