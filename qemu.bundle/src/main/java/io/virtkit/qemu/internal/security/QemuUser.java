package io.virtkit.qemu.internal.security;

/**
 * The numeric user and group a confined QEMU runs as (its only group: supplementary groups are cleared).
 *
 * @param uid the user
 * @param gid the group
 */
public record QemuUser(int uid, int gid) {
}
