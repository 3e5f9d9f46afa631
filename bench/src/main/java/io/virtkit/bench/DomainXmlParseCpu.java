package io.virtkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.xml.SecureXml;

/**
 * The domain XML parse in CPU time per call, split into the XML parser's part (building the DOM) and the
 * whole parse. On this 2-core VM JMH's wall-clock throughput swings by ±50 % between runs; the thread's own CPU
 * time per call is steadier, so comparisons of two builds (this jar against another build's) use it.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.virtkit.bench.DomainXmlParseCpu [guest|rich] [rounds]}
 */
public final class DomainXmlParseCpu {

    private DomainXmlParseCpu() {
    }

    public static void main(String[] args) {
        String sample = args.length > 0 ? args[0] : "guest";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String xml = sample.equals("rich") ? SampleDomains.richGuest("bench-guest") : SampleDomains.guest("bench-guest");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            double read = perCallMicros(threads, () -> SecureXml.read(xml, ErrorDomain.DOMAIN, "bench"));
            double parse = perCallMicros(threads, () -> DomainXmlCodec.parse(xml));
            // the first half warms the JIT up: shown, marked
            System.out.printf("round %d%s: DOM read %.1f us, whole parse %.1f us (%.0f parses per CPU second)%n",
                    round, round <= rounds / 2 ? " (warm-up)" : "", read, parse, 1e6 / parse);
        }
    }

    /** Calls {@code work} for one second of this thread's CPU time; the CPU microseconds per call. */
    private static double perCallMicros(ThreadMXBean threads, Runnable work) {
        long start = threads.getCurrentThreadCpuTime();
        long calls = 0;
        while (threads.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
            for (int i = 0; i < 100; i++) {
                work.run();
            }
            calls += 100;
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1e3 / calls;
    }
}
