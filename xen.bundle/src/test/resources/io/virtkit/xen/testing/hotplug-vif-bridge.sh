#!/bin/sh
# The nested Xen host's stand-in for Debian's /etc/xen/scripts/vif-bridge (which needs bash and more), run by libxl
# as `vif-bridge online|offline type_if=vif` for a PV vif (the interface in $vif) and `vif-bridge add|remove
# type_if=tap` for an HVM guest's emulated twin (the device model's tap in $INTERFACE), XENBUS_PATH naming the vif's
# backend. The interface (renamed to the config's vifname, if any) joins the bridge the config named, else dom0's
# first; netback connects the guest only once the vif's hotplug-status says connected.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
command=$1
type_if=vif
for arg in "$@"; do
    case "$arg" in type_if=*) type_if=${arg#type_if=} ;; esac
done
fail() {
    echo "vif-bridge: $*" >&2
    [ "$type_if" = vif ] && xenstore-write "$XENBUS_PATH/hotplug-error" "$*" "$XENBUS_PATH/hotplug-status" error
    exit 1
}
case "$type_if/$command" in
vif/online|vif/offline) dev=$vif ;;
tap/add|tap/remove) dev=$INTERFACE ;;
*) exit 0 ;; # the other type's call for the same NIC
esac
[ -n "$dev" ] || fail "no interface for $type_if in the environment"
vifname=$(xenstore-read "$XENBUS_PATH/vifname" 2>/dev/null)
if [ -n "$vifname" ] && [ "$type_if" = vif ]; then # the device model names its tap <vifname>-emu itself
    if [ "$command" = online ]; then
        ip link set dev "$dev" name "$vifname" || fail "cannot rename $dev to $vifname"
    fi
    dev=$vifname
fi
case "$command" in
online|add)
    bridge=$(xenstore-read "$XENBUS_PATH/bridge" 2>/dev/null)
    if [ -z "$bridge" ]; then
        for b in /sys/class/net/*/bridge; do
            [ -d "$b" ] && { bridge=${b%/bridge}; bridge=${bridge##*/}; break; }
        done
    fi
    [ -d "/sys/class/net/$bridge/bridge" ] || fail "no bridge '$bridge' in dom0"
    brctl addif "$bridge" "$dev" || fail "brctl addif $bridge $dev"
    ip link set dev "$dev" up || fail "ip link set $dev up"
    if [ "$type_if" = vif ]; then
        xenstore-write "$XENBUS_PATH/hotplug-status" connected || fail "cannot write $XENBUS_PATH"
    fi
    ;;
offline|remove)
    # the interface may be gone already
    bridge=$(xenstore-read "$XENBUS_PATH/bridge" 2>/dev/null) && brctl delif "$bridge" "$dev" 2>/dev/null
    [ "$type_if" = vif ] && xenstore-rm "$XENBUS_PATH/hotplug-status" 2>/dev/null
    ;;
esac
exit 0
