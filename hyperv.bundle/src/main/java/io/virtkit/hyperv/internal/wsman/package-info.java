/**
 * A WS-Management (DMTF DSP0226, WS-Transfer, WS-Enumeration; SOAP 1.2 over HTTP(S)) client of our own, JDK HTTP
 * client and StAX only: Enumerate with WQL filters and Pull, Get, Invoke, CIM instances and endpoint references,
 * Hyper-V's asynchronous jobs, faults.
 */
package io.virtkit.hyperv.internal.wsman;
