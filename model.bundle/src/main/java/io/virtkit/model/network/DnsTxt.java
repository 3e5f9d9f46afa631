package io.virtkit.model.network;

import java.util.Objects;

/** A DNS {@code <txt>} record: {@code name} has the text {@code value}. */
public record DnsTxt(String name, String value) {

    public DnsTxt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
