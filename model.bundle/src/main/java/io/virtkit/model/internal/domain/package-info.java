/**
 * The codecs of libvirt's domain XML behind {@link io.virtkit.model.domain.DomainXmlCodec}, one per element
 * family, so a reader finds an element's code from its name in one hop. Private to the model bundle.
 *
 * <h2>Which class reads which element</h2>
 * <pre>
 * domain (name, uuid, title, description, memory, currentMemory, vcpu, on_*)   DomainXml
 *   os                                                                         OsXml
 *     firmware, loader, nvram, bootmenu, smbios, bios, acpi                    OsFirmwareXml
 *   features                                                                   FeaturesXml
 *   cpu (its numa: NumaXml)                                                    CpuXml
 *   clock                                                                      ClockXml
 *   cputune                                                                    CputuneXml
 *   vcpu, vcpus                                                                VcpuXml
 *   iothreads, iothreadids, defaultiothread                                    IothreadXml
 *   maxMemory                                                                  MaxMemoryXml
 *   idmap                                                                      IdmapXml
 *   memtune, blkiotune, numatune, resource                                     TuningXml
 *     memoryBacking                                                            MemoryBackingXml
 *   sysinfo                                                                    SysinfoXml
 *   genid, bootloader, bootloader_args, on_lockfailure, pm, perf               PlatformXml
 *   seclabel, keywrap, launchSecurity                                          SecurityXml
 *   qemu:*, lxc:namespace, bhyve:/xen:commandline, vmware:datacenterpath       NamespacesXml
 *   metadata, and what memory does not type (dumpCore, mode …),
 *   as {@link io.virtkit.model.domain.DomainElement} trees                       KeptXml
 *   memory units (memory, currentMemory)                                       MemoryXml
 *   devices (emulator; dispatches by element name through FAMILIES)            DevicesXml
 *     disk                                                                     DiskXml
 *       driver tuning, iotune                                                  DiskDriverXml
 *       source of every storage type, backingStore chain                       DiskSourceXml
 *       a source's per-protocol settings, labels, encryption, reservations     DiskSourceSettingsXml
 *       mirror (a running domain's only)                                       DiskMirrorXml
 *     controller                                                               ControllerXml
 *     hostdev                                                                  HostdevXml
 *       iSCSI source, SCSI adapter, teaming, a container's ip and route        HostdevNetXml
 *     smartcard                                                                SmartcardXml
 *     redirdev, redirfilter, hub                                               UsbRedirectionXml
 *     lease                                                                    LeaseXml
 *     filesystem                                                               FilesystemXml
 *     interface                                                                InterfaceXml
 *       its vlan, virtualport, bandwidth, port, filterref, tune, link, rom …   InterfaceSettingsXml
 *       its driver (queues, virtio options, host and guest offloads)           InterfaceDriverXml
 *       its ip, route, portForward (and an ethernet source's ip, route)        InterfaceIpXml
 *     serial, console, parallel, channel (and an RNG's EGD backend's host side)  CharDeviceXml
 *     parallel, channel, rng, memballoon, watchdog, panic, vsock, tpm, shmem,
 *       iommu, nvram, memory (registered and written by)                       AuxiliaryParsed
 *     rng                                                                      RngXml
 *     memballoon                                                               MemballoonXml
 *     watchdog, panic, vsock, iommu, nvram                                     SimpleDevicesXml
 *     tpm                                                                      TpmXml
 *     shmem                                                                    ShmemXml
 *     memory                                                                   MemoryDeviceXml
 *     input                                                                    InputXml
 *     graphics (SPICE's own children: SpiceXml)                                GraphicsXml
 *     sound                                                                    SoundXml
 *     audio                                                                    AudioXml
 *     video                                                                    VideoXml
 *     typed attributes and virtio options of these                            DeviceAttrs
 *     alias, acpi index, address (every type) of a device; boot loadparm       DeviceInfoXml
 * </pre>
 * Every codec reads through {@link io.virtkit.model.internal.xml.XmlCursor} and writes with
 * {@link io.virtkit.model.internal.xml.XmlWriter}; libvirt's error wording is in {@code DomainErrors}.
 *
 * <h2>Modelled, not yet modelled, refused</h2>
 * Each codec declares the keys it reads in its {@code MODELLED} list, relative to its element
 * ({@code "driver@name"}, {@code "readonly"}); {@link io.virtkit.model.internal.domain.DomainKeys} joins them
 * into paths from {@code domain}. The cursor fails on any read of an undeclared key, so the declaration cannot
 * fall behind the code. What libvirt's schema allows but no codec reads is listed in
 * {@code not-modelled.txt} (a resource beside {@code DomainKeys}): a plain key is dropped at define, a key
 * after {@code !} refused; that file is the to-do list of issue 11. After parsing,
 * {@link io.virtkit.model.internal.xml.XmlKeys#check} refuses with CONFIG_UNSUPPORTED, naming it, anything
 * neither modelled nor listed. {@code DomainSchemaKeysTest} walks libvirt's {@code domain.rng} and fails when
 * a schema key is neither modelled nor listed, or a listed key is modelled or not in the schema.
 *
 * <h2>Adding a family (or a part of one)</h2>
 * <ol>
 * <li>a record in {@code io.virtkit.model.domain} (exported: bump its package version);</li>
 * <li>a {@code FooXml} here with {@code MODELLED}, {@code parse(XmlCursor)} and {@code write(XmlWriter, …)};
 *     a device family goes into {@code DevicesXml.FAMILIES} (element name, keys, parser) and its write into
 *     {@code DevicesXml.write} at libvirt's place; any other family into {@code DomainKeys.MODELLED} and
 *     {@code DomainXml};</li>
 * <li>remove its keys from {@code not-modelled.txt} ({@code DomainSchemaKeysTest} says which);</li>
 * <li>a {@code family-foo.xml} sample for {@code DomainFamilyRoundTripTest} (round trip and libvirt's
 *     schema).</li>
 * </ol>
 */
package io.virtkit.model.internal.domain;
