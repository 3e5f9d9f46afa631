#!/bin/busybox sh
# The tiny test guest's init (PV, PVH or HVM: the same kernel): markers on its console (hvc0, or ttyS0 for HVM),
# which dom0 reads from xenconsoled's log or the serial pty:
#   VIRTKIT-GUEST-UP <kernel release>   init runs
#   VIRTKIT-GUEST-DISK <name>           a PV disk came up (one line each, /dev/xvd*)
#   VIRTKIT-GUEST-NIC <name> <mac>      a PV NIC came up (one line each)
#   VIRTKIT-GUEST-DEVICES-DONE          the frontends had their time (a guest without devices says it at once)
/bin/busybox mkdir -p /dev /proc /sys
/bin/busybox mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
/bin/busybox echo "VIRTKIT-GUEST-UP $(/bin/busybox uname -r)"
/bin/busybox insmod /lib/modules/xen-blkfront.ko
/bin/busybox insmod /lib/modules/xen-netfront.ko
# xenstore's device/ directory lists the frontends the toolstack gave the guest; wait until each has its node
want=0
for kind in vbd vif; do
    [ -d /sys/bus/xen/devices ] || break
    for dev in /sys/bus/xen/devices/$kind-*; do
        [ -e "$dev" ] && want=$((want + 1))
    done
done
i=0
while :; do
    have=0
    for disk in /sys/block/xvd*; do [ -e "$disk" ] && have=$((have + 1)); done
    for nic in /sys/class/net/eth*; do [ -e "$nic" ] && have=$((have + 1)); done
    [ $have -ge $want ] && break
    i=$((i + 1))
    [ $i -le 200 ] || break
    /bin/busybox sleep 0.1
done
for disk in /sys/block/xvd*; do
    [ -e "$disk" ] && /bin/busybox echo "VIRTKIT-GUEST-DISK ${disk##*/}"
done
for nic in /sys/class/net/eth*; do
    [ -e "$nic" ] && /bin/busybox echo "VIRTKIT-GUEST-NIC ${nic##*/} $(/bin/busybox cat $nic/address)"
done
/bin/busybox echo VIRTKIT-GUEST-DEVICES-DONE
exec /bin/busybox sleep 2147483647
