package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;

/**
 * The domain-level security settings: the security labels ({@code <seclabel>}, one per security model),
 * the s390 key wrapping ciphers ({@code <keywrap>}) and the confidential-guest launch ({@code <launchSecurity>}).
 *
 * @param seclabels      the security labels in document order
 * @param keywrap        the {@code <keywrap>} ciphers, {@code null} without the element
 * @param launchSecurity {@code <launchSecurity>}, or {@code null}
 */
public record DomainSecurity(List<SecLabel> seclabels, List<Cipher> keywrap, LaunchSecurity launchSecurity) {

    /** The values of {@code <seclabel type>}. */
    public static final List<String> LABEL_TYPES = List.of("dynamic", "static", "none");
    /** The values of {@code <launchSecurity type>} in libvirt 9.0. */
    public static final List<String> LAUNCH_TYPES = List.of("sev", "s390-pv");

    public DomainSecurity {
        seclabels = seclabels == null ? List.of() : List.copyOf(seclabels);
        keywrap = keywrap == null ? null : List.copyOf(keywrap);
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return seclabels.isEmpty() && keywrap == null && launchSecurity == null;
    }

    /**
     * The security model of the first label that needs a security driver (any type but {@code none}):
     * its {@code model}, {@code (default)} without one; {@code null} when every label is {@code none}.
     */
    public String modelNeedingDriver() {
        for (SecLabel l : seclabels) {
            if (!"none".equals(l.type())) {
                return l.model() == null ? "(default)" : l.model();
            }
        }
        return null;
    }

    /**
     * One {@code <seclabel>}.
     *
     * @param type       {@code dynamic}, {@code static} or {@code none}, {@code null} when not given (dynamic)
     * @param model      the security driver ({@code selinux}, {@code apparmor}, {@code dac}), or {@code null}
     * @param relabel    {@code relabel}, or {@code null}
     * @param label      {@code <label>}, or {@code null}
     * @param imageLabel {@code <imagelabel>}, or {@code null}
     * @param baseLabel  {@code <baselabel>}, or {@code null}
     */
    public record SecLabel(String type, String model, Boolean relabel, String label, String imageLabel,
            String baseLabel) {
        public SecLabel {
            ValueChecks.oneOf(type, LABEL_TYPES, "type", "seclabel");
            if ("static".equals(type) && label == null) {
                throw ValueChecks.xmlError("security label is missing");
            }
            if ("none".equals(type) && Boolean.TRUE.equals(relabel)) {
                throw ValueChecks.xmlError("Unsupported type='none' with relabel='yes'");
            }
        }
    }

    /** One {@code <keywrap><cipher name='aes|dea' state='on|off'/>}. */
    public record Cipher(String name, boolean on) {
        public Cipher {
            if (!List.of("aes", "dea").contains(name)) {
                throw ValueChecks.xmlError("cipher name '" + name + "' is not supported");
            }
        }
    }

    /**
     * {@code <launchSecurity>}: AMD SEV (with its parameters) or s390 protected virtualization (none).
     *
     * @param type            {@code sev} or {@code s390-pv}
     * @param kernelHashes    SEV's {@code kernelHashes}, or {@code null}
     * @param cbitpos         SEV's {@code <cbitpos>}, or {@code null}
     * @param reducedPhysBits SEV's {@code <reducedPhysBits>}, or {@code null}
     * @param policy          SEV's {@code <policy>} as written (hexadecimal), or {@code null}
     * @param handle          SEV's {@code <handle>}, or {@code null}
     * @param dhCert          SEV's {@code <dhCert>}, or {@code null}
     * @param session         SEV's {@code <session>}, or {@code null}
     */
    public record LaunchSecurity(String type, Boolean kernelHashes, Long cbitpos, Long reducedPhysBits, String policy,
            Long handle, String dhCert, String session) {
        public LaunchSecurity {
            if (!LAUNCH_TYPES.contains(type)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                        "unsupported launch security type '" + type + "'");
            }
            if (type.equals("sev") && policy == null) {
                throw ValueChecks.xmlError("failed to get launch security policy");
            }
        }
    }
}
