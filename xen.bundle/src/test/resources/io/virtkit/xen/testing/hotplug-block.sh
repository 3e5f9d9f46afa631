#!/bin/sh
# The nested Xen host's stand-in for Debian's /etc/xen/scripts/block (which needs bash and util-linux), run by
# libxl as `block add|remove` with XENBUS_PATH=backend/vbd/<domid>/<devid>. A block device is used as it is, a
# file through a loop device; blkback opens what physical-device (major:minor, hex) names.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
fail() {
    echo "block: $*" >&2
    xenstore-write "$XENBUS_PATH/hotplug-error" "$*" "$XENBUS_PATH/hotplug-status" error
    exit 1
}
case "$1" in
add)
    params=$(xenstore-read "$XENBUS_PATH/params") || fail "no params in $XENBUS_PATH"
    if [ -b "$params" ]; then
        dev=$params
    elif [ -f "$params" ]; then
        ro=
        [ "$(xenstore-read "$XENBUS_PATH/mode" 2>/dev/null)" = r ] && ro=-r
        # two disks of one guest are added at once: a loop device taken meanwhile fails losetup, try the next
        tries=0
        until dev=$(losetup -f) && losetup $ro "$dev" "$params" 2>/dev/null; do
            tries=$((tries + 1))
            [ $tries -lt 16 ] || fail "no free loop device for $params"
        done
        xenstore-write "$XENBUS_PATH/node" "$dev"
    else
        fail "$params is neither a block device nor a file"
    fi
    xenstore-write "$XENBUS_PATH/physical-device" "$(stat -L -c %t:%T "$dev")" \
        "$XENBUS_PATH/physical-device-path" "$dev" "$XENBUS_PATH/hotplug-status" connected \
        || fail "cannot write $XENBUS_PATH"
    ;;
remove)
    node=$(xenstore-read "$XENBUS_PATH/node" 2>/dev/null) && losetup -d "$node"
    xenstore-rm "$XENBUS_PATH/hotplug-status" 2>/dev/null
    ;;
esac
exit 0
