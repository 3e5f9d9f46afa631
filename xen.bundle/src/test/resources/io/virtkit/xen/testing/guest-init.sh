#!/bin/busybox sh
# The tiny PV guest's init: its marker on the Xen console (hvc0), which xenconsoled logs in dom0.
/bin/busybox mkdir -p /dev /proc
/bin/busybox mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox mount -t proc proc /proc
/bin/busybox echo "VIRTKIT-GUEST-UP $(/bin/busybox uname -r)"
exec /bin/busybox sleep 2147483647
