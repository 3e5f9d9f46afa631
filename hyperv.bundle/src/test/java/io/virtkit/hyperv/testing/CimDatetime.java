package io.virtkit.hyperv.testing;

/** A CIM datetime ({@code cim:Datetime}) or interval ({@code cim:Interval}) property value, kept as its text. */
record CimDatetime(String text, boolean interval) {

    static CimDatetime at(java.time.Instant instant) {
        return new CimDatetime(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), false);
    }

    static CimDatetime lasting(java.time.Duration duration) {
        return new CimDatetime(duration.toString(), true);
    }
}
