# One python3-libvirt client of the soak (io.virtkit.itests.soak.PythonSoakClient): one connection, its event
# callbacks registered on it, cycles of calls until the time is up.
#
# Usage: soak_client.py URI PREFIX SECONDS DOMAIN_XML_TEMPLATE NETWORK_XML_TEMPLATE
#   each template has one %s: the object's name; an empty network template: no networks (the QEMU driver's soak).
# It says READY once connected with its callbacks registered, and starts when a line comes on its standard input.
# Output, one line each, flushed at once: "FAIL <operation> <message>" for every failed call or missing event;
# at the end "SUMMARY calls=N cycles=N events=N".
import sys
import threading
import time

import libvirt

EVENT_BOUND = 60.0  # seconds an expected event may take to arrive on a loaded machine

uri, prefix, seconds, domain_template, network_template = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
# What each cycle must see, in this order, for its own object (libvirt's lifecycle event types)
DOMAIN_EVENTS = [libvirt.VIR_DOMAIN_EVENT_DEFINED, libvirt.VIR_DOMAIN_EVENT_STARTED,
                 libvirt.VIR_DOMAIN_EVENT_STOPPED, libvirt.VIR_DOMAIN_EVENT_UNDEFINED]
NETWORK_EVENTS = [libvirt.VIR_NETWORK_EVENT_DEFINED, libvirt.VIR_NETWORK_EVENT_STARTED,
                  libvirt.VIR_NETWORK_EVENT_STOPPED, libvirt.VIR_NETWORK_EVENT_UNDEFINED]

libvirt.registerErrorHandler(lambda ctx, err: None, None)  # errors come as exceptions; no printing to stderr
libvirt.virEventRegisterDefaultImpl()


def run_events():
    while True:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=run_events, daemon=True).start()

seen = {}  # object name -> event types seen, in arrival order (every client's objects: we keep only ours)
arrived = threading.Condition()
counts = {"calls": 0, "cycles": 0, "events": 0}


def fail(operation, message):
    print("FAIL %s %s" % (operation, " ".join(str(message).split())), flush=True)


def on_event(name, event):
    with arrived:
        counts["events"] += 1
        if name.startswith(prefix + "-"):
            seen.setdefault(name, []).append(event)
            arrived.notify_all()


def call(operation, fn, *args):
    counts["calls"] += 1
    try:
        return True, fn(*args)
    except libvirt.libvirtError as e:
        fail(operation, e)
        return False, None


def await_events(kind_name, name, expected):
    deadline = time.monotonic() + EVENT_BOUND
    with arrived:
        while seen.get(name, []) != expected and time.monotonic() < deadline:
            arrived.wait(max(0.0, deadline - time.monotonic()))
        got = seen.pop(name, [])
    if got != expected:
        fail(kind_name + "-events", "%s: expected %s within %.0f s, got %s" % (name, expected, EVENT_BOUND, got))


def domain_cycle(conn, name):
    ok, dom = call("define", conn.defineXML, domain_template % name)
    if not ok:
        return
    for operation, fn in (("start", dom.create), ("dumpxml", lambda: dom.XMLDesc(0)), ("destroy", dom.destroy),
                          ("undefine", dom.undefine)):
        if not call(operation, fn)[0]:
            return
    await_events("domain", name, DOMAIN_EVENTS)


def network_cycle(conn, name):
    ok, net = call("net-define", conn.networkDefineXML, network_template % name)
    if not ok:
        return
    for operation, fn in (("net-start", net.create), ("net-dumpxml", lambda: net.XMLDesc(0)),
                          ("net-destroy", net.destroy), ("net-undefine", net.undefine)):
        if not call(operation, fn)[0]:
            return
    await_events("network", name, NETWORK_EVENTS)


try:
    conn = libvirt.open(uri)
except libvirt.libvirtError as e:
    fail("open", e)
    print("SUMMARY calls=1 cycles=0 events=0", flush=True)
    sys.exit(0)
conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                            lambda c, dom, event, detail, opaque: on_event(dom.name(), event), None)
if network_template:
    conn.networkEventRegisterAny(None, libvirt.VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                 lambda c, net, event, detail, opaque: on_event(net.name(), event), None)
print("READY", flush=True)
sys.stdin.readline()  # "GO": every client of the soak is connected
end = time.monotonic() + seconds
cycle = 0
while time.monotonic() < end:
    cycle += 1
    domain_cycle(conn, "%s-%d" % (prefix, cycle))
    if network_template:
        network_cycle(conn, "%s-n%d" % (prefix, cycle))
    counts["cycles"] += 1
conn.close()
print("SUMMARY calls=%(calls)d cycles=%(cycles)d events=%(events)d" % counts, flush=True)
