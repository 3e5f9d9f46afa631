package io.virtkit.hyperv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The stand-in host's rules as a client meets them over HTTP: methods, jobs, state transitions, defaults. */
class StandInHypervHostTest {

    private static final String VM = RawWsmanClient.V2 + "Msvm_ComputerSystem";
    private static final String JOB = RawWsmanClient.V2 + "Msvm_ConcreteJob";
    private static final String VSMS = RawWsmanClient.V2 + "Msvm_VirtualSystemManagementService";
    private static final String ALL_V2 = RawWsmanClient.V2 + "*";
    private static final Map<String, String> SERVICE = Map.of("CreationClassName",
            "Msvm_VirtualSystemManagementService", "Name", "vmms", "SystemCreationClassName", "Msvm_ComputerSystem",
            "SystemName", HostInventory.HOST_NAME);

    private StandInHypervEndpoint endpoint;
    private StandInHypervHost host;
    private RawWsmanClient client;

    @BeforeEach
    void start() {
        endpoint = StandInHypervEndpoint.startHttp("admin", "pw");
        host = endpoint.host();
        client = new RawWsmanClient(endpoint.url(), "admin", "pw");
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void startRunsAJobThatCompletesWithTheVmRunning() throws IOException {
        String guid = host.addVirtualMachine("vm", 1, 512, 3);
        RawWsmanClient.Answer answer = requestState(guid, 2);
        assertThat(answer.text("ReturnValue")).isEqualTo("4096");
        assertThat(answer.all("Job").get(0).getElementsByTagNameNS("*", "ResourceURI").item(0).getTextContent())
                .isEqualTo(JOB);
        RawWsmanClient.Answer job = waitForJob(answer);
        assertThat(job.text("JobState")).isEqualTo("7");
        assertThat(job.text("PercentComplete")).isEqualTo("100");
        assertThat(job.text("ErrorCode")).isEqualTo("0");
        RawWsmanClient.Answer vm = getVm(guid);
        assertThat(vm.text("EnabledState")).isEqualTo("2");
        assertThat(vm.text("ProcessID")).matches("\\d+");
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (getVm(guid).text("OnTimeInMilliseconds").equals("0") && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertThat(Long.parseLong(getVm(guid).text("OnTimeInMilliseconds"))).isPositive();
        waitForJob(requestState(guid, 3));
        assertThat(getVm(guid).text("OnTimeInMilliseconds")).isEqualTo("0");
    }

    @Test
    void aJobStaysRunningWithTheVmInItsTransitionalStateUntilItsDurationPassed() throws IOException {
        host.setJobDuration(Duration.ofHours(1));
        String guid = host.addVirtualMachine("vm", 1, 512, 3);
        RawWsmanClient.Answer job = getJob(requestState(guid, 2));
        assertThat(job.text("JobState")).isEqualTo("4");
        assertThat(Integer.parseInt(job.text("PercentComplete"))).isLessThan(100);
        assertThat(host.enabledState(guid)).isEqualTo(StateRules.STARTING);
        assertThat(requestState(guid, 3).text("ReturnValue")).isEqualTo("32775");
    }

    @Test
    void refusesTransitionsARealHostRefusesWithInvalidState() throws IOException {
        String running = host.addVirtualMachine("running", 1, 512, 2);
        String off = host.addVirtualMachine("off", 1, 512, 3);
        String saved = host.addVirtualMachine("saved", 1, 512, 6);
        assertThat(requestState(running, 2).text("ReturnValue")).isEqualTo("32775");
        assertThat(requestState(off, 3).text("ReturnValue")).isEqualTo("32775");
        assertThat(requestState(off, 9).text("ReturnValue")).isEqualTo("32775");
        assertThat(requestState(off, 6).text("ReturnValue")).isEqualTo("32775");
        assertThat(requestState(off, 10).text("ReturnValue")).isEqualTo("32775");
        assertThat(requestState(saved, 9).text("ReturnValue")).isEqualTo("32775");
        assertThat(requestState(running, 7).text("ReturnValue")).isEqualTo("32773");
        assertThat(host.enabledState(running)).isEqualTo(2);
        assertThat(host.enabledState(off)).isEqualTo(3);
        assertThat(host.enabledState(saved)).isEqualTo(6);
    }

    @Test
    void pauseResumeSaveAndRestoreFollowEachOther() throws IOException {
        String guid = host.addVirtualMachine("vm", 1, 512, 2);
        assertThat(waitForJob(requestState(guid, 9)).text("JobState")).isEqualTo("7");
        assertThat(host.enabledState(guid)).isEqualTo(9);
        assertThat(getVm(guid).text("ProcessID")).matches("\\d+");
        assertThat(waitForJob(requestState(guid, 6)).text("JobState")).isEqualTo("7");
        assertThat(host.enabledState(guid)).isEqualTo(6);
        assertThat(getVm(guid).all("ProcessID").get(0).getAttribute("xsi:nil")).isEqualTo("true");
        assertThat(waitForJob(requestState(guid, 2)).text("JobState")).isEqualTo("7");
        assertThat(host.enabledState(guid)).isEqualTo(2);
        assertThat(waitForJob(requestState(guid, 10)).text("JobState")).isEqualTo("7");
        assertThat(host.enabledState(guid)).isEqualTo(2);
        assertThat(waitForJob(requestState(guid, 3)).text("JobState")).isEqualTo("7");
        assertThat(host.enabledState(guid)).isEqualTo(3);
    }

    @Test
    void aFailedJobReportsItsErrorAndLeavesTheStateAsItWas() throws IOException {
        String guid = host.addVirtualMachine("vm", 1, 512, 3);
        host.failNextJob("RequestStateChange", 32768, "The virtual machine could not be started.");
        RawWsmanClient.Answer job = waitForJob(requestState(guid, 2));
        assertThat(job.text("JobState")).isEqualTo("10");
        assertThat(job.text("ErrorCode")).isEqualTo("32768");
        assertThat(job.text("ErrorDescription")).isEqualTo("The virtual machine could not be started.");
        assertThat(host.enabledState(guid)).isEqualTo(3);
        assertThat(waitForJob(requestState(guid, 2)).text("JobState")).isEqualTo("7");
    }

    @Test
    void aHungJobStaysRunning() throws IOException {
        host.setJobDuration(Duration.ZERO);
        String guid = host.addVirtualMachine("vm", 1, 512, 3);
        host.hangNextJob("RequestStateChange");
        RawWsmanClient.Answer started = requestState(guid, 2);
        assertThat(getJob(started).text("JobState")).isEqualTo("4");
        assertThat(getJob(started).text("JobState")).isEqualTo("4");
        assertThat(host.enabledState(guid)).isEqualTo(StateRules.STARTING);
    }

    @Test
    void anArmedReturnValueComesBackWithoutAJobOrAChange() throws IOException {
        String guid = host.addVirtualMachine("vm", 1, 512, 3);
        host.failNextInvoke("RequestStateChange", 32779);
        RawWsmanClient.Answer answer = requestState(guid, 2);
        assertThat(answer.text("ReturnValue")).isEqualTo("32779");
        assertThat(answer.all("Job")).isEmpty();
        assertThat(host.enabledState(guid)).isEqualTo(3);
    }

    @Test
    void destroySystemRefusesARunningVmAndRemovesAStoppedOneEntirely() throws IOException {
        Set<String> before = host.instanceIds();
        String guid = host.addVirtualMachine("vm", 2, 1024, 2);
        host.addDisk(guid, "C:\\vm.vhdx");
        host.addNic(guid, "00155D010203", "External");
        assertThat(destroy(guid).text("ReturnValue")).isEqualTo("32775");
        assertThat(host.virtualMachineCount()).isEqualTo(1);
        waitForJob(requestState(guid, 3));
        RawWsmanClient.Answer destroyed = destroy(guid);
        assertThat(destroyed.text("ReturnValue")).isEqualTo("4096");
        assertThat(waitForJob(destroyed).text("JobState")).isEqualTo("7");
        assertThat(host.virtualMachineCount()).isZero();
        Set<String> left = new java.util.HashSet<>(host.instanceIds());
        left.removeAll(before);
        assertThat(left).allMatch(id -> id.contains("Msvm_VirtualEthernetSwitch"));
        assertThat(destroy(guid).text("ReturnValue")).isEqualTo("32773");
    }

    @Test
    void defaultsAreFoundFromPoolOrCapabilitiesToTheDefaultTemplate() throws IOException {
        Element defaults = defaultTemplate("Microsoft:Hyper-V:Synthetic SCSI Controller");
        assertThat(text(defaults, "ResourceType")).isEqualTo("6");
        RawWsmanClient.Enumeration pools = client.query(ALL_V2, "SELECT * FROM Msvm_ResourcePool WHERE "
                + "ResourceSubType = 'Microsoft:Hyper-V:Virtual Hard Disk' AND Primordial = TRUE");
        String pool = pools.texts("InstanceID").get(0);
        RawWsmanClient.Enumeration capabilities = client.query(ALL_V2, "ASSOCIATORS OF {Msvm_ResourcePool."
                + "InstanceID=\"" + pool.replace("\\", "\\\\") + "\"} WHERE AssocClass = Msvm_ElementCapabilities "
                + "ResultClass = Msvm_AllocationCapabilities");
        assertThat(capabilities.texts("ResourceType")).containsExactly("31");
        for (String subType : List.of("Microsoft:Hyper-V:Emulated IDE Controller",
                "Microsoft:Hyper-V:Synthetic Ethernet Port", "Microsoft:Hyper-V:Synthetic DVD Drive",
                "Microsoft:Hyper-V:Synthetic Disk Drive", "Microsoft:Hyper-V:Serial Port",
                "Microsoft:Hyper-V:Virtual Hard Disk", "Microsoft:Hyper-V:Ethernet Connection")) {
            assertThat(text(defaultTemplate(subType), "ResourceSubType")).isEqualTo(subType);
        }
    }

    @Test
    void theDefaultIsAlsoFoundByTheValueRoleOfItsReference() throws IOException {
        String capabilities = client.query(ALL_V2, "SELECT * FROM Msvm_AllocationCapabilities WHERE "
                + "ResourceSubType = 'Microsoft:Hyper-V:Synthetic Disk Drive'").texts("InstanceID").get(0);
        List<Element> references = client.query(ALL_V2, "REFERENCES OF {Msvm_AllocationCapabilities.InstanceID=\""
                + capabilities.replace("\\", "\\\\") + "\"} WHERE ResultClass = Msvm_SettingsDefineCapabilities")
                .items();
        assertThat(references).hasSize(4);
        Element byDefault = references.stream().filter(r -> text(r, "ValueRole").equals("0")).findFirst()
                .orElseThrow();
        Element part = (Element) byDefault.getElementsByTagNameNS("*", "PartComponent").item(0);
        assertThat(text(part, "ResourceURI")).isEqualTo(RawWsmanClient.V2 + "Msvm_ResourceAllocationSettingData");
        assertThat(text(part, "Selector")).endsWith("\\Default");
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_SettingsDefineCapabilities WHERE ValueRole = 0")
                .items()).hasSize(9);
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_ElementCapabilities").items()).hasSize(9);
    }

    @Test
    void defineSystemMakesAVmWithDefaultsPlusTheGivenResources() throws IOException {
        Element scsi = defaultTemplate("Microsoft:Hyper-V:Synthetic SCSI Controller");
        Map<String, Object> controller = new LinkedHashMap<>();
        controller.put("InstanceID", text(scsi, "InstanceID"));
        controller.put("ResourceType", "6");
        controller.put("ResourceSubType", "Microsoft:Hyper-V:Synthetic SCSI Controller");
        RawWsmanClient.Answer defined = client.invoke(VSMS, SERVICE, "DefineSystem",
                "<p:SystemSettings>" + RawWsmanClient.embeddedInstance("Msvm_VirtualSystemSettingData",
                        Map.of("ElementName", "new vm", "VirtualSystemSubType", "Microsoft:Hyper-V:SubType:2"))
                        + "</p:SystemSettings><p:ResourceSettings>"
                        + RawWsmanClient.embeddedInstance("Msvm_ResourceAllocationSettingData", controller)
                        + "</p:ResourceSettings>");
        assertThat(defined.text("ReturnValue")).isEqualTo("4096");
        assertThat(waitForJob(defined).text("JobState")).isEqualTo("7");
        Element system = defined.all("ResultingSystem").get(0);
        String guid = system.getElementsByTagNameNS("*", "Selector").item(1).getTextContent();
        assertThat(host.findByName("new vm")).contains(guid);
        assertThat(host.enabledState(guid)).isEqualTo(3);
        String components = "ASSOCIATORS OF {Msvm_VirtualSystemSettingData.InstanceID=\"Microsoft:" + guid
                + "\"} WHERE AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = ";
        assertThat(client.query(ALL_V2, components + "Msvm_ProcessorSettingData").texts("VirtualQuantity"))
                .containsExactly("1");
        assertThat(client.query(ALL_V2, components + "Msvm_MemorySettingData").texts("VirtualQuantity"))
                .containsExactly("512");
        RawWsmanClient.Enumeration resources = client.query(ALL_V2, components
                + "Msvm_ResourceAllocationSettingData");
        assertThat(resources.texts("ResourceType")).containsExactly("5", "5", "6");
        assertThat(resources.texts("InstanceID")).allMatch(id -> id.startsWith("Microsoft:" + guid + "\\"))
                .doesNotContain(text(scsi, "InstanceID"));
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_VirtualSystemSettingData WHERE InstanceID = "
                + "'Microsoft:" + guid + "'").texts("VirtualSystemSubType"))
                .containsExactly("Microsoft:Hyper-V:SubType:2");
    }

    @Test
    void aFailedOrInvalidDefineLeavesNothingBehind() throws IOException {
        Set<String> before = host.instanceIds();
        host.failNextJob("DefineSystem", 32768, "Failed to create the virtual machine.");
        RawWsmanClient.Answer failed = client.invoke(VSMS, SERVICE, "DefineSystem", "<p:SystemSettings>"
                + RawWsmanClient.embeddedInstance("Msvm_VirtualSystemSettingData", Map.of("ElementName", "x"))
                + "</p:SystemSettings>");
        assertThat(waitForJob(failed).text("JobState")).isEqualTo("10");
        assertThat(host.instanceIds()).isEqualTo(before);
        RawWsmanClient.Answer invalid = client.invoke(VSMS, SERVICE, "DefineSystem", "<p:SystemSettings>"
                + RawWsmanClient.embeddedInstance("Msvm_VirtualSystemSettingData", Map.of("ElementName", "y"))
                + "</p:SystemSettings><p:ResourceSettings>"
                + RawWsmanClient.embeddedInstance("Msvm_ResourceAllocationSettingData", Map.of("ResourceType", "17",
                        "Parent", "\\\\X\\root\\virtualization\\v2:Msvm_ResourceAllocationSettingData.InstanceID=\"no\""))
                + "</p:ResourceSettings>");
        assertThat(invalid.text("ReturnValue")).isEqualTo("32773");
        assertThat(host.instanceIds()).isEqualTo(before);
        assertThat(client.invoke(VSMS, SERVICE, "DefineSystem", "").text("ReturnValue")).isEqualTo("32773");
    }

    @Test
    void addResourceSettingsAttachesADiskAndRemovingTheDriveTakesTheImageAlong() throws IOException {
        String guid = host.addVirtualMachine("vm", 1, 512, 3);
        String components = "ASSOCIATORS OF {Msvm_VirtualSystemSettingData.InstanceID=\"Microsoft:" + guid
                + "\"} WHERE AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = ";
        String controllerId = client.query(ALL_V2, components + "Msvm_ResourceAllocationSettingData")
                .texts("InstanceID").get(0);
        String controllerPath = WmiPath.of(new CimReference("Msvm_ResourceAllocationSettingData",
                Map.of("InstanceID", controllerId)));
        String settings = RawWsmanClient.endpointReference(RawWsmanClient.V2 + "Msvm_VirtualSystemSettingData",
                Map.of("InstanceID", "Microsoft:" + guid));
        Map<String, Object> drive = new LinkedHashMap<>();
        drive.put("ResourceType", "17");
        drive.put("ResourceSubType", "Microsoft:Hyper-V:Synthetic Disk Drive");
        drive.put("Parent", controllerPath);
        drive.put("AddressOnParent", "0");
        RawWsmanClient.Answer added = client.invoke(VSMS, SERVICE, "AddResourceSettings",
                "<p:AffectedConfiguration>" + settings + "</p:AffectedConfiguration><p:ResourceSettings>"
                        + RawWsmanClient.embeddedInstance("Msvm_ResourceAllocationSettingData", drive)
                        + "</p:ResourceSettings>");
        assertThat(waitForJob(added).text("JobState")).isEqualTo("7");
        String driveId = added.all("ResultingResourceSettings").get(0).getElementsByTagNameNS("*", "Selector")
                .item(0).getTextContent();
        assertThat(driveId).isEqualTo(controllerId + "\\0\\D");
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("ResourceType", "31");
        image.put("ResourceSubType", "Microsoft:Hyper-V:Virtual Hard Disk");
        image.put("Parent", WmiPath.of(new CimReference("Msvm_ResourceAllocationSettingData",
                Map.of("InstanceID", driveId))));
        image.put("HostResource", List.of("C:\\VMs\\disk 1.vhdx"));
        waitForJob(client.invoke(VSMS, SERVICE, "AddResourceSettings", "<p:AffectedConfiguration>" + settings
                + "</p:AffectedConfiguration><p:ResourceSettings>"
                + RawWsmanClient.embeddedInstance("Msvm_StorageAllocationSettingData", image)
                + "</p:ResourceSettings>"));
        assertThat(client.query(ALL_V2, components + "Msvm_StorageAllocationSettingData").texts("HostResource"))
                .containsExactly("C:\\VMs\\disk 1.vhdx");

        RawWsmanClient.Answer removed = client.invoke(VSMS, SERVICE, "RemoveResourceSettings",
                "<p:ResourceSettings>" + RawWsmanClient.endpointReference(RawWsmanClient.V2
                        + "Msvm_ResourceAllocationSettingData", Map.of("InstanceID", driveId))
                        + "</p:ResourceSettings>");
        assertThat(waitForJob(removed).text("JobState")).isEqualTo("7");
        assertThat(client.query(ALL_V2, components + "Msvm_StorageAllocationSettingData").items()).isEmpty();
        assertThat(client.query(ALL_V2, components + "Msvm_ResourceAllocationSettingData").texts("ResourceType"))
                .containsExactly("5", "5");
    }

    @Test
    void memoryAndProcessorsChangeOnlyWhileTheVmHasNoProcess() throws IOException {
        String off = host.addVirtualMachine("off", 1, 512, 3);
        String running = host.addVirtualMachine("running", 1, 512, 2);
        RawWsmanClient.Answer changed = modifyMemory(off, 2048);
        assertThat(waitForJob(changed).text("JobState")).isEqualTo("7");
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_MemorySettingData WHERE InstanceID = '"
                + memoryId(off).replace("\\", "\\\\") + "'").texts("VirtualQuantity")).containsExactly("2048");
        assertThat(modifyMemory(running, 2048).text("ReturnValue")).isEqualTo("32775");
    }

    @Test
    void modifySystemSettingsRenamesAtOnce() throws IOException {
        String guid = host.addVirtualMachine("old", 1, 512, 3);
        RawWsmanClient.Answer answer = client.invoke(VSMS, SERVICE, "ModifySystemSettings", "<p:SystemSettings>"
                + RawWsmanClient.embeddedInstance("Msvm_VirtualSystemSettingData",
                        Map.of("InstanceID", "Microsoft:" + guid, "ElementName", "new"))
                + "</p:SystemSettings>");
        assertThat(answer.text("ReturnValue")).isEqualTo("0");
        assertThat(getVm(guid).text("ElementName")).isEqualTo("new");
    }

    @Test
    void initiateShutdownNeedsARunningGuestWithIntegrationServices() throws IOException {
        String guid = host.addVirtualMachine("vm", 1, 512, 2);
        String query = "SELECT * FROM Msvm_ShutdownComponent WHERE SystemName = '" + guid + "'";
        List<Element> components = client.query(ALL_V2, query).items();
        assertThat(components).hasSize(1);
        Map<String, String> selectors = new LinkedHashMap<>();
        for (String key : List.of("CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName")) {
            selectors.put(key, text(components.get(0), key));
        }
        RawWsmanClient.Answer answer = client.invoke(RawWsmanClient.V2 + "Msvm_ShutdownComponent", selectors,
                "InitiateShutdown", "<p:Force>false</p:Force><p:Reason>virtkit</p:Reason>");
        assertThat(waitForJob(answer).text("JobState")).isEqualTo("7");
        assertThat(host.enabledState(guid)).isEqualTo(3);
        assertThat(client.query(ALL_V2, query).items()).isEmpty();

        waitForJob(requestState(guid, 2));
        host.setIntegrationServices(guid, false);
        assertThat(client.query(ALL_V2, query).items()).isEmpty();
        host.setIntegrationServices(guid, true);
        assertThat(client.query(ALL_V2, query).items()).hasSize(1);
    }

    @Test
    void aSwitchIsMadeOnceByNameAndNicsConnectToIt() throws IOException {
        String external = host.addVirtualSwitch("External");
        assertThat(host.addVirtualSwitch("External")).isEqualTo(external);
        String guid = host.addVirtualMachine("vm", 1, 512, 3);
        host.addNic(guid, "00:15:5d:01:02:03", "External");
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_VirtualEthernetSwitch").texts("Name"))
                .containsExactly(external);
        String components = "ASSOCIATORS OF {Msvm_VirtualSystemSettingData.InstanceID=\"Microsoft:" + guid
                + "\"} WHERE AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = ";
        assertThat(client.query(ALL_V2, components + "Msvm_SyntheticEthernetPortSettingData").texts("Address"))
                .containsExactly("00155D010203");
        assertThat(client.query(ALL_V2, components + "Msvm_EthernetPortAllocationSettingData")
                .texts("HostResource")).singleElement().asString().endsWith("Name=\"" + external + "\"");
    }

    @Test
    void theHostFactsAreInCimv2() throws IOException {
        RawWsmanClient.Enumeration os = client.query(RawWsmanClient.CIMV2 + "*",
                "SELECT * FROM Win32_OperatingSystem");
        assertThat(os.texts("Version")).containsExactly("10.0.17763");
        RawWsmanClient.Enumeration processors = client.query(RawWsmanClient.CIMV2 + "*", "ASSOCIATORS OF "
                + "{Win32_ComputerSystem.Name='" + HostInventory.HOST_NAME + "'} WHERE AssocClass = "
                + "Win32_ComputerSystemProcessor ResultClass = Win32_Processor");
        assertThat(processors.texts("NumberOfCores")).containsExactly("4", "4");
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_ComputerSystem WHERE Description = "
                + "'Microsoft Hosting Computer System'").texts("Name")).containsExactly(HostInventory.HOST_NAME);
    }

    private RawWsmanClient.Answer modifyMemory(String guid, int mib) throws IOException {
        return client.invoke(VSMS, SERVICE, "ModifyResourceSettings", "<p:ResourceSettings>"
                + RawWsmanClient.embeddedInstance("Msvm_MemorySettingData", Map.of("InstanceID", memoryId(guid),
                        "VirtualQuantity", Integer.toString(mib)))
                + "</p:ResourceSettings>");
    }

    private String memoryId(String guid) throws IOException {
        return client.query(ALL_V2, "ASSOCIATORS OF {Msvm_VirtualSystemSettingData.InstanceID=\"Microsoft:" + guid
                + "\"} WHERE AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = "
                + "Msvm_MemorySettingData").texts("InstanceID").get(0);
    }

    private Element defaultTemplate(String subType) throws IOException {
        String capabilities = client.query(ALL_V2, "SELECT * FROM Msvm_AllocationCapabilities WHERE "
                + "ResourceSubType = '" + subType + "'").texts("InstanceID").get(0);
        List<Element> templates = client.query(ALL_V2, "ASSOCIATORS OF {Msvm_AllocationCapabilities.InstanceID=\""
                + capabilities.replace("\\", "\\\\") + "\"} WHERE AssocClass = Msvm_SettingsDefineCapabilities "
                + "ResultClass = CIM_ResourceAllocationSettingData").items();
        assertThat(templates).hasSize(4);
        return templates.stream().filter(t -> text(t, "InstanceID").endsWith("\\Default")).findFirst()
                .orElseThrow();
    }

    private static String text(Element item, String localName) {
        return item.getElementsByTagNameNS("*", localName).item(0).getTextContent();
    }

    private RawWsmanClient.Answer requestState(String guid, int state) throws IOException {
        return client.invoke(VM, Map.of("CreationClassName", "Msvm_ComputerSystem", "Name", guid),
                "RequestStateChange", "<p:RequestedState>" + state + "</p:RequestedState>");
    }

    private RawWsmanClient.Answer destroy(String guid) throws IOException {
        return client.invoke(VSMS, SERVICE, "DestroySystem", "<p:AffectedSystem>" + RawWsmanClient
                .endpointReference(VM, Map.of("CreationClassName", "Msvm_ComputerSystem", "Name", guid))
                + "</p:AffectedSystem>");
    }

    private RawWsmanClient.Answer getVm(String guid) throws IOException {
        return client.get(VM, Map.of("CreationClassName", "Msvm_ComputerSystem", "Name", guid));
    }

    private RawWsmanClient.Answer getJob(RawWsmanClient.Answer invoked) throws IOException {
        Element job = invoked.all("Job").get(0);
        String id = job.getElementsByTagNameNS("*", "Selector").item(0).getTextContent();
        return client.get(JOB, Map.of("InstanceID", id));
    }

    /** Polls the job of an invoke answer until it left Running (or fails the test after a minute). */
    private RawWsmanClient.Answer waitForJob(RawWsmanClient.Answer invoked) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            RawWsmanClient.Answer job = getJob(invoked);
            if (!"4".equals(job.text("JobState")) || System.nanoTime() - deadline > 0) {
                return job;
            }
            Thread.onSpinWait();
        }
    }
}
