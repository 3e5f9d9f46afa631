package io.virtkit.model.network;

/**
 * An SR-IOV virtual function of a {@code <forward mode='hostdev'>} pool ({@code <address type='pci'>}).
 *
 * @param domain        the PCI domain (0-0xFFFF)
 * @param bus           the bus (0-0xFF)
 * @param slot          the slot (0-0x1F)
 * @param function      the function (0-7)
 * @param multifunction {@code multifunction} on/off, or {@code null}
 * @param connections   how many guest interfaces use it (status XML only), or {@code null}
 */
public record ForwardPciAddress(int domain, int bus, int slot, int function, Boolean multifunction,
        Integer connections) {
}
