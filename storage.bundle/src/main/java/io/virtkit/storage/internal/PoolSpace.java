package io.virtkit.storage.internal;

/**
 * A pool's sizes in bytes, libvirt's pool info.
 *
 * @param capacity   the whole space
 * @param allocation what is in use
 * @param available  what new volumes can still take
 */
record PoolSpace(long capacity, long allocation, long available) {
}
