package io.virtkit.model.domain;

/**
 * A per-device {@code <seclabel>} override inside a {@code <source>}: for one security driver, either no
 * relabelling or the label to use.
 *
 * @param model     the security driver ({@code selinux}, {@code dac}, {@code apparmor}), or {@code null} for all
 * @param relabel   {@code relabel} as written, or {@code null}
 * @param labelskip whether the label was skipped ({@code labelskip='yes'}, live only), or {@code null}
 * @param label     the {@code <label>}, or {@code null}
 */
public record SourceSeclabel(String model, Boolean relabel, Boolean labelskip, String label) {

    public SourceSeclabel {
        if (Boolean.FALSE.equals(relabel) && label != null) {
            throw new IllegalArgumentException("Cannot specify a label if relabelling is turned off. model="
                    + model);
        }
    }
}
