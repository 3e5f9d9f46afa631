#!/bin/sh
# The nested Xen host's stand-in for Debian's /etc/xen/scripts/vif-bridge (which needs bash and more), run by libxl
# as `vif-bridge online|offline|add|remove` with vif=<interface> and XENBUS_PATH=backend/vif/<domid>/<devid>.
# The interface joins the bridge the config named (else dom0's first bridge); netback connects the guest only
# once hotplug-status says connected.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
fail() {
    echo "vif-bridge: $*" >&2
    xenstore-write "$XENBUS_PATH/hotplug-error" "$*" "$XENBUS_PATH/hotplug-status" error
    exit 1
}
[ -n "$vif" ] || fail "no vif in the environment"
case "$1" in
online|add)
    bridge=$(xenstore-read "$XENBUS_PATH/bridge" 2>/dev/null)
    if [ -z "$bridge" ]; then
        for b in /sys/class/net/*/bridge; do
            [ -d "$b" ] && { bridge=${b%/bridge}; bridge=${bridge##*/}; break; }
        done
    fi
    [ -d "/sys/class/net/$bridge/bridge" ] || fail "no bridge '$bridge' in dom0"
    brctl addif "$bridge" "$vif" || fail "brctl addif $bridge $vif"
    ip link set dev "$vif" up || fail "ip link set $vif up"
    xenstore-write "$XENBUS_PATH/hotplug-status" connected || fail "cannot write $XENBUS_PATH"
    ;;
offline|remove)
    # the interface may be gone already
    bridge=$(xenstore-read "$XENBUS_PATH/bridge" 2>/dev/null) && brctl delif "$bridge" "$vif" 2>/dev/null
    xenstore-rm "$XENBUS_PATH/hotplug-status" 2>/dev/null
    ;;
esac
exit 0
