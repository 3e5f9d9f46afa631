package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.Objects;

/**
 * A domain's {@code <clock>}: how the guest clock relates to the host's.
 *
 * @param offset     the offset kind
 * @param timezone   the zone for {@link Offset#TIMEZONE}, else {@code null}
 * @param adjustment seconds of adjustment for {@link Offset#VARIABLE}, else {@code null}
 */
public record DomainClock(Offset offset, String timezone, Long adjustment) {

    /** The default: the guest clock runs in UTC. */
    public static final DomainClock UTC = new DomainClock(Offset.UTC, null, null);

    public DomainClock {
        Objects.requireNonNull(offset, "offset");
    }

    /** libvirt's clock offsets. */
    public enum Offset {
        UTC, LOCALTIME, TIMEZONE, VARIABLE;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }
}
