package io.virtkit.model.domain;

/**
 * One {@code <usbdev>} of a {@code <redirfilter>}: which USB devices may be redirected. {@code null} matches
 * any value ({@code -1} in libvirt's XML).
 *
 * @param usbClass the USB class (0–255), or {@code null}
 * @param vendor   the vendor id (0–0xffff), or {@code null}
 * @param product  the product id (0–0xffff), or {@code null}
 * @param version  the device version ({@code 2.00}), or {@code null}
 * @param allow    whether matching devices are allowed
 */
public record RedirFilterRule(Integer usbClass, Integer vendor, Integer product, String version, boolean allow) {
}
