package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The typed values of {@code <cpu>}, {@code <features>}, {@code <clock>} timers, {@code <vcpu>}/{@code <vcpus>},
 * I/O threads, {@code <maxMemory>} and the rest of {@code <cputune>}: read from {@code family-cpu-features.xml},
 * none of them left as a generic tree, and libvirt's checks of their values.
 */
class CpuFeaturesXmlTest {

    private static final DomainDefinition SAMPLE =
            DomainXmlCodec.parse(DomainXmlCodecTest.resource("family-cpu-features.xml"));

    @Test
    void noneOfTheseFamiliesIsKeptAsATree() {
        assertThat(SAMPLE.elements()).extracting(DomainElement::name).doesNotContainAnyElementsOf(List.of("cpu",
                "features", "clock", "vcpu", "vcpus", "iothreads", "iothreadids", "defaultiothread", "maxMemory",
                "cputune"));
    }

    @Test
    void theCpuIsTyped() {
        DomainCpu cpu = SAMPLE.cpu();
        assertThat(SAMPLE.cpuMode()).isEqualTo("custom");
        assertThat(cpu.match()).isEqualTo("exact");
        assertThat(cpu.check()).isEqualTo("partial");
        assertThat(cpu.model()).isEqualTo(new DomainCpu.Model("qemu64", "allow", "GenuineIntel"));
        assertThat(cpu.vendor()).isEqualTo("Intel");
        assertThat(cpu.topology()).isEqualTo(new DomainCpu.Topology(1, 1, 2, 2));
        assertThat(cpu.cache()).isEqualTo(new DomainCpu.Cache(3, "emulate"));
        assertThat(cpu.maxPhysAddr()).isEqualTo(new DomainCpu.MaxPhysAddr("emulate", 42));
        assertThat(cpu.features()).extracting(DomainCpu.Feature::name, DomainCpu.Feature::enabled)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("sse2", true),
                        org.assertj.core.groups.Tuple.tuple("svm", false),
                        org.assertj.core.groups.Tuple.tuple("vmx", true));
        assertThat(cpu.cells()).extracting(DomainCpu.Cell::memoryKiB).containsExactly(524_288L, 524_288L);
        DomainCpu.Cell first = cpu.cells().get(0);
        assertThat(first.discard()).isTrue();
        assertThat(first.memAccess()).isEqualTo("shared");
        assertThat(first.distances()).containsExactly(new DomainCpu.Sibling(0, 10), new DomainCpu.Sibling(1, 21));
        assertThat(first.caches()).containsExactly(
                new DomainCpu.CellCache(1, "direct", "writeback", 10, "KiB", 8, "B"));
        assertThat(cpu.numa().interconnects()).hasSize(3).last().isEqualTo(
                new DomainCpu.Interconnect("bandwidth", 0, 1, null, "access", 204_800, "KiB"));
    }

    @Test
    void theFeaturesAreTyped() {
        assertThat(SAMPLE.features()).contains("acpi", "apic", "hap", "pmu", "smm", "nested-hv", "ccf-assist")
                .doesNotContain("pvspinlock", "vmport", "htm");
        DomainFeatures f = SAMPLE.featureSettings();
        assertThat(f.off()).containsExactlyInAnyOrder("pvspinlock", "vmport", "htm");
        assertThat(f.apicEoi()).isTrue();
        assertThat(f.hyperv().mode()).isEqualTo("custom");
        assertThat(f.hyperv().states()).hasSize(15).containsEntry("relaxed", true).containsEntry("reset", false);
        assertThat(f.hyperv().spinlockRetries()).isEqualTo(4096);
        assertThat(f.hyperv().stimerDirect()).isTrue();
        assertThat(f.hyperv().vendorId()).isEqualTo("virtkit");
        assertThat(f.kvm().states()).containsEntry("poll-control", false).containsEntry("dirty-ring", true);
        assertThat(f.kvm().dirtyRingSize()).isEqualTo(4096);
        assertThat(f.xen()).isEqualTo(new DomainFeatures.Xen(true, true, "share_pt"));
        assertThat(f.capabilities().policy()).isEqualTo("deny");
        assertThat(f.capabilities().states()).isEqualTo(Map.of("chown", true, "net_admin", false, "sys_time", true));
        assertThat(f.gicVersion()).isEqualTo("3");
        assertThat(f.smmTseg().kib("MiB")).isEqualTo(48L * 1024);
        assertThat(f.ioapicDriver()).isEqualTo("qemu");
        assertThat(f.hpt()).isEqualTo(new DomainFeatures.Hpt("enabled", new DomainFeatures.Size(64L, "KiB")));
        assertThat(f.msrsUnknown()).isEqualTo("ignore");
        assertThat(List.of(f.cfpc(), f.sbbc(), f.ibs())).containsExactly("workaround", "fixed", "fixed-ccd");
        assertThat(f.tcgTbCache().kib("MiB")).isEqualTo(128L * 1024);
    }

    @Test
    void theClockTimersAreTyped() {
        DomainClock clock = SAMPLE.clock();
        assertThat(clock.basis()).isEqualTo("localtime");
        assertThat(clock.timers()).extracting(DomainClock.Timer::name)
                .containsExactly("rtc", "pit", "hpet", "tsc", "kvmclock");
        assertThat(clock.timer("rtc")).isEqualTo(new DomainClock.Timer("rtc", null, "catchup", "guest", null, null,
                new DomainClock.Catchup(123L, 120L, 10_000L)));
        assertThat(clock.timer("hpet").present()).isFalse();
        assertThat(clock.timer("tsc").frequency()).isEqualTo(3_504_000_000L);
        assertThat(clock.timer("tsc").mode()).isEqualTo("native");
        // a variable clock's basis defaults to utc, which libvirt writes
        assertThat(new DomainClock(DomainClock.Offset.VARIABLE, null, 0L).basis()).isEqualTo("utc");
    }

    @Test
    void theClockOffsetsAreLibvirts() {
        DomainClock reset = clock("<clock offset='localtime' adjustment='reset'/>");
        assertThat(reset.offset()).isEqualTo(DomainClock.Offset.LOCALTIME);
        assertThat(reset.reset()).isTrue();
        DomainClock shifted = clock("<clock offset='localtime' adjustment='-30'/>");
        assertThat(shifted).isEqualTo(new DomainClock(DomainClock.Offset.VARIABLE, null, -30L, false, "localtime",
                null, List.of()));
        DomainClock absolute = clock("<clock offset='absolute' start='1234567890'/>");
        assertThat(absolute.start()).isEqualTo(1_234_567_890L);
        for (DomainClock c : List.of(reset, shifted, absolute)) {
            DomainDefinition def = SAMPLE.toBuilder().clock(c).build();
            assertThat(DomainXmlCodec.parse(DomainXmlCodec.format(def))).isEqualTo(def);
        }
        assertThatThrownBy(() -> clock("<clock offset='absolute'/>")).hasMessageContaining(
                "missing 'start' attribute for clock with offset='absolute'");
    }

    private static DomainClock clock(String clock) {
        return DomainXmlCodec.parse("<domain type='kvm'><name>c</name><memory>1024</memory>" + clock
                + "<os><type>hvm</type></os></domain>").clock();
    }

    @Test
    void vcpusIothreadsAndMaxMemoryAreTyped() {
        assertThat(SAMPLE.vcpus()).isEqualTo(4);
        assertThat(SAMPLE.vcpuSettings().current()).isEqualTo(2);
        assertThat(SAMPLE.vcpuSettings().cpuset()).isEqualTo("0-3,^2");
        assertThat(SAMPLE.vcpuSettings().vcpus()).containsExactly(new DomainVcpus.Vcpu(0, true, false, 1),
                new DomainVcpus.Vcpu(1, true, true, 2), new DomainVcpus.Vcpu(2, false, true, null),
                new DomainVcpus.Vcpu(3, false, true, null));
        DomainIothreads threads = SAMPLE.iothreads();
        assertThat(threads.count()).isEqualTo(3);
        assertThat(threads.ids()).containsExactly(new DomainIothreads.Iothread(1, null),
                new DomainIothreads.Iothread(2, new DomainIothreads.ThreadPool(1, 4)));
        assertThat(threads.defaultThread()).isEqualTo(new DomainIothreads.ThreadPool(0, 2));
        assertThat(SAMPLE.maxMemory()).isEqualTo(new MaxMemory(4L * 1024 * 1024, 8));
        assertThat(DomainXmlCodec.format(SAMPLE)).contains("<maxMemory slots='8' unit='KiB'>4194304</maxMemory>",
                "<vcpu placement='static' cpuset='0-3,^2' current='2'>4</vcpu>");
    }

    @Test
    void theRestOfCputuneIsTyped() {
        CpuTune t = SAMPLE.cputune();
        assertThat(t.globalQuota()).isEqualTo(-1L);
        assertThat(List.of(t.emulatorQuota(), t.iothreadQuota())).containsExactly(20_000L, 30_000L);
        assertThat(t.vcpupins()).containsExactly(new CpuTune.Pin(0, "0"), new CpuTune.Pin(1, "1"));
        assertThat(t.emulatorpin()).isEqualTo("0-1");
        assertThat(t.iothreadpins()).containsExactly(new CpuTune.Pin(1, "1"));
        assertThat(t.vcpuscheds()).containsExactly(new CpuTune.Sched("0", "fifo", 1),
                new CpuTune.Sched("1", "batch", null));
        assertThat(t.iothreadscheds()).containsExactly(new CpuTune.Sched("1", "rr", 5));
        assertThat(t.emulatorsched()).isEqualTo(new CpuTune.Sched(null, "idle", null));
        assertThat(t.cachetunes()).containsExactly(new CpuTune.CacheTune("0-1", "vcpus_0-1",
                List.of(new CpuTune.CacheBank(0, 3, "both", 3, "MiB")), List.of(new CpuTune.Monitor(3, "1"))));
        assertThat(t.memorytunes()).containsExactly(new CpuTune.MemoryTune("2-3",
                List.of(new CpuTune.MemoryNode(0, 60)), List.of(new CpuTune.Monitor(null, "2"))));
    }

    @Test
    void copiesKeepTheTypedPartsAndTheOldConstructorsHaveNone() {
        DomainDefinition copy = SAMPLE.withName("copy").withVcpus(4);
        assertThat(List.of(copy.cpu(), copy.featureSettings(), copy.vcpuSettings(), copy.iothreads(),
                copy.maxMemory())).containsExactly(SAMPLE.cpu(), SAMPLE.featureSettings(), SAMPLE.vcpuSettings(),
                        SAMPLE.iothreads(), SAMPLE.maxMemory());
        DomainDefinition old = new DomainDefinition(SAMPLE.type(), "old", SAMPLE.uuid(), null, null,
                SAMPLE.memoryKiB(), SAMPLE.currentMemoryKiB(), 1, "static", SAMPLE.os(), SAMPLE.features(), "custom",
                DomainClock.UTC, LifecycleAction.DESTROY, LifecycleAction.RESTART, LifecycleAction.DESTROY,
                DomainDevices.NONE, null, null, List.of());
        assertThat(List.of(java.util.Optional.ofNullable(old.cpu()), java.util.Optional.ofNullable(old.maxMemory())))
                .allMatch(java.util.Optional::isEmpty);
        // empty typed parts are none, as libvirt writes nothing for them
        assertThat(old.toBuilder().cpu(new DomainCpu(null, null, null, null, null, null, null, null, null, null))
                .featureSettings(DomainFeatures.NONE).build().cpu()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<cpu match='loose'/>|Invalid value for attribute 'match' in element 'cpu': 'loose'.",
        "<cpu mode='custom' migratable='on'/>|"
            + "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode",
        "<cpu><feature policy='maybe' name='sse2'/></cpu>|Invalid value for attribute 'policy' in element 'feature'",
        "<clock><timer name='sundial'/></clock>|Invalid value for attribute 'name' in element 'timer': 'sundial'.",
        "<clock><timer name='rtc' tickpolicy='never'/></clock>|attribute 'tickpolicy' in element 'timer'",
        "<features><hyperv><spinlocks state='on' retries='10'/></hyperv></features>|"
            + "HyperV spinlock retry count must be at least 4095",
        "<features><hyperv><relaxed/></hyperv></features>|"
            + "missing 'state' attribute for HyperV Enlightenment feature 'relaxed'",
        "<cputune><vcpusched vcpus='0' scheduler='cfs'/></cputune>|attribute 'scheduler' in element 'sched'",
        "<cputune><global_period>10</global_period></cputune>|"
            + "Value of cputune 'global_period' must be in range [1000, 1000000]",
        "<iothreadids><iothread id='0'/></iothreadids>|invalid iothread 'id' value '0'",
        // found by ModelXmlFuzzTest: an unknown interconnect was read before the keys check refused it
        "<cpu><numa><cell id='0' cpus='0' memory='1024'/><interconnects>"
            + "<l0tency initiator='0' target='0' type='access' value='5'/></interconnects></numa></cpu>|l0tency",
        // found by ModelXmlFuzzTest: these required attributes were missed with a NullPointerException
        "<cputune><memorytune><node id='0' bandwidth='60'/></memorytune></cputune>|Missing memorytune attribute 'vcpus'",
        "<cputune><cachetune><cache id='0' level='3' type='both' size='3' unit='MiB'/></cachetune></cputune>|"
            + "Missing cachetune attribute 'vcpus'",
        "<cputune><vcpusched vcpus='0'/></cputune>|Missing required attribute 'scheduler' in element 'vcpusched'",
        "<cputune><emulatorsched/></cputune>|Missing required attribute 'scheduler' in element 'emulatorsched'",
        "<cpu><feature policy='require'/></cpu>|Invalid CPU feature name",
        "<features><hyperv mode='custom'><spinlocqs state='on'/></hyperv></features>|spinlocqs",
        "<features><kvm><hiddden state='on'/></kvm></features>|hiddden",
        "<cpu><maxphysaddr bits='42'/></cpu>|Missing required attribute 'mode' in element 'maxphysaddr'",
        "<cpu><cache level='3'/></cpu>|Missing required attribute 'mode' in element 'cache'"})
    void libvirtsChecksApply(String part, String message) {
        String xml = "<domain type='kvm'><name>bad</name><memory>1024</memory>" + part
                + "<os><type>hvm</type></os></domain>";
        assertThatThrownBy(() -> DomainXmlCodec.parse(xml)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isIn(ErrorCode.XML_ERROR, ErrorCode.CONFIG_UNSUPPORTED))
                .hasMessageContaining(message);
    }
}
