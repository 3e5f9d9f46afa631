package io.virtkit.cluster.internal.ha;

import java.lang.reflect.Proxy;
import java.util.Map;

import io.virtkit.cluster.internal.ClusterConfig;

/** A {@link ClusterConfig} as DS would give it: the defaults, with some keys set. */
final class TestConfig {
    private TestConfig() {
    }

    static ClusterConfig of(Map<String, Object> values) {
        return (ClusterConfig) Proxy.newProxyInstance(ClusterConfig.class.getClassLoader(),
                new Class<?>[] {ClusterConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> ClusterConfig.class;
                    case "toString" -> "ClusterConfig" + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == args[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
