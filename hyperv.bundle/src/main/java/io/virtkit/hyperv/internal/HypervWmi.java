package io.virtkit.hyperv.internal;

import java.time.Duration;
import java.util.List;

import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.InvokeResult;
import io.virtkit.hyperv.internal.wsman.WsmanClient;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * The two WMI exchanges the domain XML and definition code makes with a Hyper-V host, in
 * {@code root/virtualization/v2}: a WQL query and a method call waited for until its job ends. An interface so
 * the definitions' order of calls and their rollback can be tested call by call without a host.
 */
interface HypervWmi {

    /** The namespace of every Hyper-V class used here. */
    String NAMESPACE = "root/virtualization/v2";

    List<CimInstance> query(Wql wql);

    /** Calls a method and waits for its job; a failure is a {@code WsmanException} (method, job, timeout, transport). */
    InvokeResult invoke(CimReference target, String method, List<CimParameter> parameters);

    /** Over a WS-Man client, each method call waiting at most {@code jobTimeout} for its job. */
    static HypervWmi over(WsmanClient client, Duration jobTimeout) {
        return new HypervWmi() {
            @Override
            public List<CimInstance> query(Wql wql) {
                return client.query(NAMESPACE, wql);
            }

            @Override
            public InvokeResult invoke(CimReference target, String method, List<CimParameter> parameters) {
                return client.invokeAndWait(target, method, parameters, jobTimeout);
            }
        };
    }
}
