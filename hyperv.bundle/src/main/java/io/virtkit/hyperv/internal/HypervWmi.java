package io.virtkit.hyperv.internal;

import java.util.List;

import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.InvokeResult;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * The two WMI exchanges the domain XML and definition code makes with a Hyper-V host, in
 * {@code root/virtualization/v2}: a WQL query and a method call waited for until its job ends. An interface so
 * the definitions' order of calls and their rollback can be tested call by call without a host.
 */
interface HypervWmi {

    /** A WQL query; a failure is libvirt's error ({@link HypervErrors}). */
    List<CimInstance> query(Wql wql);

    /** Calls a method and waits for its job; a failure is libvirt's error ({@link HypervErrors}). */
    InvokeResult invoke(CimReference target, String method, List<CimParameter> parameters);

    /** Over a connection's context: its job timeout and its libvirt wording of failures ({@link HypervErrors}). */
    static HypervWmi over(HypervContext context) {
        return new HypervWmi() {
            @Override
            public List<CimInstance> query(Wql wql) {
                return context.virtualization(wql);
            }

            @Override
            public InvokeResult invoke(CimReference target, String method, List<CimParameter> parameters) {
                return context.invoke(target, method, parameters.toArray(CimParameter[]::new));
            }
        };
    }
}
