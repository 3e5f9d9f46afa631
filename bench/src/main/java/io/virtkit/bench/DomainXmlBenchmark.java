package io.virtkit.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * Throughput of the one domain XML codec: parsing (every define and create goes through it), formatting
 * (every dumpxml) and the round trip the drivers do when they normalise a definition; on a realistic guest
 * ({@code guest}, the sample since the first measurement) and on a rich one with every device family
 * ({@code rich}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DomainXmlBenchmark {

    /** Which sample of {@link SampleDomains}. */
    @Param({"guest", "rich"})
    public String sample;

    private String xml;
    private DomainDefinition definition;

    @Setup
    public void setUp() {
        xml = sample.equals("rich") ? SampleDomains.richGuest("bench-guest") : SampleDomains.guest("bench-guest");
        definition = DomainXmlCodec.parse(xml);
        // A benchmark of a codec that silently drops devices would flatter it: check the sample survives.
        DomainDefinition again = DomainXmlCodec.parse(DomainXmlCodec.format(definition));
        if (!again.equals(definition)) {
            throw new IllegalStateException("the sample domain does not survive a format/parse round trip");
        }
    }

    @Benchmark
    public DomainDefinition parse() {
        return DomainXmlCodec.parse(xml);
    }

    @Benchmark
    public String format() {
        return DomainXmlCodec.format(definition);
    }

    @Benchmark
    public String formatLive() {
        return DomainXmlCodec.formatLive(definition, 7);
    }

    @Benchmark
    public String parseAndFormat() {
        return DomainXmlCodec.format(DomainXmlCodec.parse(xml));
    }
}
