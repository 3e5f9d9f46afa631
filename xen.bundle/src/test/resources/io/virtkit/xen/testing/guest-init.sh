#!/bin/busybox sh
# The tiny PV/PVH guest's init: its marker on the Xen console (hvc0), which xenconsoled logs in dom0.
# A shutdown request from dom0 (xl shutdown) makes the guest kernel run /sbin/poweroff (orderly_poweroff); this
# one powers off at once, as a real guest's init would after stopping its services. With
# virtkit_ignore_shutdown on the kernel command line there is no /sbin/poweroff: the guest ignores the request
# (as a hung guest would). A reboot request needs nothing: the kernel restarts itself (Ctrl-Alt-Del is not
# handed to this init).
/bin/busybox mkdir -p /dev /proc /sbin
/bin/busybox mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
/bin/busybox mount -t proc proc /proc
case " $(/bin/busybox cat /proc/cmdline) " in
    *" virtkit_ignore_shutdown "*) ;;
    *) printf '#!/bin/busybox sh\nexec /bin/busybox poweroff -f\n' > /sbin/poweroff
       /bin/busybox chmod 755 /sbin/poweroff ;;
esac
/bin/busybox echo "VIRTKIT-GUEST-UP $(/bin/busybox uname -r)"
exec /bin/busybox sleep 2147483647
