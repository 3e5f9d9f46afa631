#!/bin/busybox sh
# The tiny test guest's init (PV, PVH or HVM: the same kernel): markers on its console (hvc0, or ttyS0 for HVM),
# which dom0 reads from xenconsoled's log or the serial pty:
#   VIRTKIT-GUEST-UP <kernel release>   init runs
#   VIRTKIT-GUEST-DISK <name>           a PV disk came up (one line each, /dev/xvd*)
#   VIRTKIT-GUEST-NIC <name> <mac>      a PV NIC came up (one line each)
#   VIRTKIT-GUEST-DEVICES-DONE          the frontends had their time (a guest without devices says it at once)
# A shutdown request from dom0 (xl shutdown) makes the guest kernel run /sbin/poweroff (orderly_poweroff); this
# one powers off at once, as a real guest's init would after stopping its services. With
# virtkit_ignore_shutdown on the kernel command line there is no /sbin/poweroff: the guest ignores the request
# (as a hung guest would). A reboot request needs nothing: the kernel restarts itself.
/bin/busybox mkdir -p /dev /proc /sys /sbin
/bin/busybox mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sys /sys
case " $(/bin/busybox cat /proc/cmdline) " in
    *" virtkit_ignore_shutdown "*) ;;
    *) printf '#!/bin/busybox sh\nexec /bin/busybox poweroff -f\n' > /sbin/poweroff
       /bin/busybox chmod 755 /sbin/poweroff ;;
esac
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
