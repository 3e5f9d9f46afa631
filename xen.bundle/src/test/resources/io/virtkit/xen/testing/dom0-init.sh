#!/bin/busybox sh
# The nested Xen test host's dom0 init (an initramfs, no disk): the toolstack's daemons, then dropbear for the
# tests. The console (Xen's serial line, followed by XenHostFixture) gets the markers:
#   VIRTKIT-DOM0-HOSTKEY <OpenSSH public key>  the SSH host key, generated at this boot, for the client to pin
#   VIRTKIT-DOM0-READY                         dropbear listens: the tests may connect
#   VIRTKIT-DOM0-FAILED <what>                 a step failed: the fixture stops waiting and shows the console
/bin/busybox mkdir -p /proc /sys /dev /run /tmp
/bin/busybox mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox --install -s /bin
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
fail() { echo "VIRTKIT-DOM0-FAILED $*"; exec sleep 2147483647; }
mount -t proc proc /proc
mount -t sysfs sys /sys
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs run /run
# xl, xenstored and xenconsoled keep their sockets, pid and lock files under /run/xen and /run/xenstored
mkdir -p /run/xen /run/xenstored /var/log/xen/console /var/lib/xen /var/lib/xenstored
ln -s /run /var/run
for module in xen-evtchn xen-privcmd xen-gntdev xen-gntalloc xenfs xen-blkback xen-netback e1000 loop llc stp bridge \
        tun; do
    insmod /lib/modules/$module.ko || fail "insmod $module"
done
mount -t xenfs xenfs /proc/xen || fail "mount xenfs"
ip link set lo up
ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2 || fail "network"
xenstored --pid-file=/run/xen/xenstored.pid || fail "xenstored"
xen-init-dom0 || fail "xen-init-dom0"
xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console || fail "xenconsoled"
# guests' vifs join xenbr0 (an isolated bridge: dom0's own NIC stays out of it); a 16 MiB ext2 image (sparse, in
# dom0's RAM) for a guest's disk, attached by the block hotplug script through a loop device
brctl addbr xenbr0 && ip link set xenbr0 up || fail "bridge xenbr0"
truncate -s 16M /var/lib/xen/guest/disk.img && mke2fs -q -F /var/lib/xen/guest/disk.img || fail "guest disk image"
# the test's public key comes on the kernel command line: virtkit_key_type=… virtkit_key=…
for arg in $(cat /proc/cmdline); do
    case "$arg" in
        virtkit_key_type=*) key_type=${arg#virtkit_key_type=} ;;
        virtkit_key=*) key=${arg#virtkit_key=} ;;
    esac
done
[ -n "$key_type" ] && [ -n "$key" ] || fail "no virtkit_key_type and virtkit_key on the kernel command line"
mkdir -p /root/.ssh /etc/dropbear
chmod 700 /root /root/.ssh
echo "$key_type $key virtkit-test" > /root/.ssh/authorized_keys
chmod 600 /root/.ssh/authorized_keys
dropbearkey -t ecdsa -s 256 -f /etc/dropbear/host_key >/dev/null 2>&1 || fail "dropbearkey"
echo "VIRTKIT-DOM0-HOSTKEY $(dropbearkey -y -f /etc/dropbear/host_key | grep '^ecdsa-')"
# -s: keys only; -E: log to stderr, kept in a file
dropbear -r /etc/dropbear/host_key -p 22 -s -E 2>>/var/log/dropbear.log || fail "dropbear"
echo VIRTKIT-DOM0-READY
exec sleep 2147483647
