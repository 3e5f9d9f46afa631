package io.virtkit.model.netcommon;

/**
 * The limits of one direction ({@code <inbound>} or {@code <outbound>}); each {@code null} when absent.
 *
 * @param average the average rate in KiB/s
 * @param peak    the peak rate in KiB/s
 * @param floor   the guaranteed rate in KiB/s (inbound of an interface on a network only)
 * @param burst   how many KiB may be sent at peak speed
 */
public record BandwidthRate(Long average, Long peak, Long floor, Long burst) {
}
