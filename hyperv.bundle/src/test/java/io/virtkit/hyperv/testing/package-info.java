/**
 * The stand-in Hyper-V host: a WS-Management endpoint ({@link io.virtkit.hyperv.testing.StandInHypervEndpoint}) in
 * front of a small Hyper-V model ({@link io.virtkit.hyperv.testing.StandInHypervHost}), for the tests of the
 * Hyper-V driver. No Hyper-V host can run on this machine, so this boundary is a stand-in, built from the
 * specifications (DMTF DSP0226 WS-Management, WS-Transfer, WS-Enumeration, SOAP 1.2, Microsoft's Msvm_* class
 * documentation, WinRM's fault texts) and never from the driver's client; third-party WS-Man clients (Debian's wsl
 * and python3-winrm) check it in WslStandInTest and PythonWinrmStandInTest. Tests against it say "StandIn" in
 * their names. It ships as the module's test-jar (classifier tests) for felix-tests, itests and bench.
 *
 * <p>Shape: the HTTP(S) endpoint with Basic authentication ({@code StandInHypervEndpoint}, its certificate from
 * {@code SelfSignedCertificate}); the SOAP reader and writer ({@code SoapRequest}, {@code SoapAnswerWriter},
 * {@code WsmanFault}); the WS-Man operations ({@code WsmanDispatcher}, enumeration paging in
 * {@code EnumerationContexts}, WQL in {@code WqlParser}); the model ({@code CimSchema} classes, {@code CimRepository}
 * instances and associations, {@code VirtualMachines}, {@code HostInventory}); the methods ({@code StandInMethods},
 * {@code StateRules}, jobs in {@code StandInJobs}).
 */
package io.virtkit.hyperv.testing;
