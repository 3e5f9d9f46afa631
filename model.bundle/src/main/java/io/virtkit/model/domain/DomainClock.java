package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.List;
import java.util.Objects;

/**
 * A domain's {@code <clock>}: how the guest clock relates to the host's, and the guest's timers.
 *
 * @param offset     the offset kind
 * @param timezone   the zone for {@link Offset#TIMEZONE}, else {@code null}
 * @param adjustment seconds of adjustment for {@link Offset#VARIABLE}, else {@code null}
 * @param reset      {@code adjustment='reset'} of a {@link Offset#UTC} or {@link Offset#LOCALTIME} clock (the
 *                   guest's RTC adjustment is reset at each start)
 * @param basis      what a {@link Offset#VARIABLE} adjustment is relative to ({@code utc}, the default, or
 *                   {@code localtime}), else {@code null}
 * @param start      the guest's time at start in seconds since the epoch for {@link Offset#ABSOLUTE}, else
 *                   {@code null}
 * @param timers     the {@code <timer>} elements in document order
 */
public record DomainClock(Offset offset, String timezone, Long adjustment, boolean reset, String basis, Long start,
        List<Timer> timers) {

    /** The default: the guest clock runs in UTC. */
    public static final DomainClock UTC = new DomainClock(Offset.UTC, null, null);

    /** A clock without timers (the form before they were typed). */
    public DomainClock(Offset offset, String timezone, Long adjustment) {
        this(offset, timezone, adjustment, false, null, null, List.of());
    }

    public DomainClock {
        Objects.requireNonNull(offset, "offset");
        DomainValues.choice(basis, "basis", "clock", List.of("utc", "localtime"));
        if (offset == Offset.VARIABLE && basis == null) {
            basis = "utc"; // libvirt's default, which it writes
        }
        if (offset == Offset.ABSOLUTE && start == null) {
            throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.XML_ERROR,
                    io.virtkit.api.ErrorDomain.DOMAIN, "missing 'start' attribute for clock with offset='absolute'");
        }
        if (reset && offset != Offset.UTC && offset != Offset.LOCALTIME) {
            throw DomainValues.invalid("adjustment", "clock", "reset");
        }
        timers = DomainValues.list(timers);
    }

    /** A copy with other timers. */
    public DomainClock withTimers(List<Timer> newTimers) {
        return new DomainClock(offset, timezone, adjustment, reset, basis, start, newTimers);
    }

    /** The timer of that name, {@code null} if none is given. */
    public Timer timer(String name) {
        return timers.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** libvirt's clock offsets. */
    public enum Offset {
        UTC, LOCALTIME, TIMEZONE, VARIABLE, ABSOLUTE;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /**
     * A {@code <timer>}: which one, whether the guest has it, what it tracks, its tick policy (with the
     * catch-up settings), frequency and TSC mode; absent parts are {@code null}.
     */
    public record Timer(String name, Boolean present, String tickpolicy, String track, Long frequency, String mode,
            Catchup catchup) {
        public static final List<String> NAMES = List.of("platform", "pit", "rtc", "hpet", "tsc", "kvmclock",
                "hypervclock", "armvtimer");

        public Timer {
            Objects.requireNonNull(name, "name");
            DomainValues.choice(name, "name", "timer", NAMES);
            DomainValues.choice(tickpolicy, "tickpolicy", "timer", List.of("delay", "catchup", "merge", "discard"));
            DomainValues.choice(track, "track", "timer", List.of("boot", "guest", "wall", "realtime"));
            DomainValues.choice(mode, "mode", "timer", List.of("auto", "native", "emulate", "paravirt", "smpsafe"));
            DomainValues.nonNegative(frequency, "frequency", "timer");
        }

        /** A timer with only a name and presence. */
        public static Timer of(String name, Boolean present) {
            return new Timer(name, present, null, null, null, null, null);
        }
    }

    /** A timer's {@code <catchup>} settings, each {@code null} when not given. */
    public record Catchup(Long threshold, Long slew, Long limit) {
    }
}
