package io.virtkit.hyperv.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.InvokeResult;
import io.virtkit.hyperv.internal.wsman.WsmanMethodException;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * A scripted {@link HypervWmi} for unit tests of the order of calls: queries are answered by the first rule whose
 * text the WQL contains, method calls are recorded and answered as Hyper-V's management service answers them
 * (DefineSystem → ResultingSystem, AddResourceSettings → one ResultingResourceSettings per instance sent), and one
 * method call can be made to fail (ReturnValue 32768).
 */
final class RecordingWmi implements HypervWmi {

    /** One method call as made. */
    record Call(CimReference target, String method, List<CimParameter> parameters) {
        List<CimInstance> embedded(String name) {
            return parameters.stream().filter(p -> p instanceof CimParameter.Embedded e && e.name().equals(name))
                    .flatMap(p -> ((CimParameter.Embedded) p).instances().stream()).toList();
        }

        List<CimReference> references(String name) {
            return parameters.stream().filter(p -> p instanceof CimParameter.Reference r && r.name().equals(name))
                    .flatMap(p -> ((CimParameter.Reference) p).references().stream()).toList();
        }
    }

    final List<String> queries = new ArrayList<>();
    final List<Call> calls = new ArrayList<>();
    private final Map<String, Function<String, List<CimInstance>>> answers = new LinkedHashMap<>();
    private final String newGuid;
    private int failAt = -1;
    private int made;

    RecordingWmi(String newGuid) {
        this.newGuid = newGuid;
    }

    RecordingWmi answer(String wqlContains, List<CimInstance> instances) {
        answers.put(wqlContains, wql -> instances);
        return this;
    }

    /** The {@code n}th method call (0-based) fails with ReturnValue 32768. */
    RecordingWmi failCall(int n) {
        failAt = n;
        return this;
    }

    List<String> methods() {
        return calls.stream().map(Call::method).toList();
    }

    @Override
    public List<CimInstance> query(Wql wql) {
        String text = wql.toString();
        queries.add(text);
        return answers.entrySet().stream().filter(e -> text.contains(e.getKey())).findFirst()
                .map(e -> e.getValue().apply(text)).orElse(List.of());
    }

    @Override
    public InvokeResult invoke(CimReference target, String method, List<CimParameter> parameters) {
        Call call = new Call(target, method, parameters);
        calls.add(call);
        if (calls.size() - 1 == failAt) {
            // as the connection's context reports it
            return HypervErrors.invocation(method, () -> {
                throw new WsmanMethodException(method, 32768);
            });
        }
        Map<String, List<Object>> out = new LinkedHashMap<>();
        if (method.equals("DefineSystem")) {
            out.put("ResultingSystem", List.of(HypervObjects.computerSystem(newGuid)));
        } else if (method.equals("AddResourceSettings")) {
            List<Object> refs = new ArrayList<>();
            for (CimInstance resource : call.embedded("ResourceSettings")) {
                refs.add(HypervObjects.reference(resource.className(), "InstanceID",
                        "Microsoft:" + newGuid + "\\NEW" + made++));
            }
            out.put("ResultingResourceSettings", refs);
        }
        return new InvokeResult(0, new CimInstance(method + "_OUTPUT", HypervObjects.RESOURCE_URI
                + "Msvm_VirtualSystemManagementService", out));
    }
}
