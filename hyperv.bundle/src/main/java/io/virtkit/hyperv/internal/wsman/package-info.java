/**
 * A WS-Management (DMTF DSP0226, WS-Transfer, WS-Enumeration; SOAP 1.2 over HTTP(S)) client of our own, JDK HTTP
 * client and StAX only: Enumerate with WQL filters and Pull, Get, Invoke, CIM instances and endpoint references,
 * Hyper-V's asynchronous jobs, faults.
 * <p>
 * Authentication is HTTP Basic only, over HTTPS (or HTTP when the URI says {@code transport=http} and the host
 * allows unencrypted traffic). NTLM/Negotiate is not offered: the JDK's HTTP client has no NTLM, Apache HttpClient
 * 5 deprecated its NTLM scheme in 5.3, and WinRM over HTTP with NTLM also wants every message sealed with the NTLM
 * session key (a framing of its own), which no OSGi-friendly library on Maven Central provides.
 */
package io.virtkit.hyperv.internal.wsman;
