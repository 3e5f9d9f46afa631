package io.virtkit.cluster.internal.zk;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import io.virtkit.cluster.internal.ClusterConfig;

/** pid io.virtkit.cluster as a test sets it: the defaults, with the given keys instead. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static ClusterConfig cluster(Map<String, Object> values) {
        Map<String, Object> copy = new HashMap<>(values);
        return (ClusterConfig) Proxy.newProxyInstance(ClusterConfig.class.getClassLoader(),
                new Class<?>[] {ClusterConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> ClusterConfig.class;
                    case "toString" -> "ClusterConfig" + copy;
                    case "hashCode" -> copy.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> copy.containsKey(method.getName()) ? copy.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
