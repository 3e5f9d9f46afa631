package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A driver's configuration (Config Admin) set by a test for its own run and deleted afterwards: {@link #set} returns
 * once the driver runs with it and is bound to the connection factory.
 */
final class DriverConfiguration implements AutoCloseable {
    private final Configuration configuration;

    private DriverConfiguration(Configuration configuration) {
        this.configuration = configuration;
    }

    /** Sets {@code property} = {@code value} as pid {@code pid}'s configuration, for the driver of {@code scheme}. */
    static DriverConfiguration set(BundleContext context, String pid, String scheme, String driver, String property,
            String value) throws Exception {
        DriverConfiguration set = new DriverConfiguration(write(context, pid, Map.of(property, value)));
        DriverFramework.awaitConfigured(context, scheme, driver, property, value);
        return set;
    }

    /** Writes {@code properties} as pid {@code pid}'s configuration (Config Admin's own location binding). */
    static Configuration write(BundleContext context, String pid, Map<String, Object> properties) throws Exception {
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmins =
                new ServiceTracker<>(context, ConfigurationAdmin.class, null);
        configAdmins.open();
        try {
            ConfigurationAdmin ca = configAdmins.waitForService(DriverFramework.WAIT.toMillis());
            assertThat(ca).as("Config Admin").isNotNull();
            Configuration configuration = ca.getConfiguration(pid, "?");
            configuration.update(new Hashtable<>(properties));
            return configuration;
        } finally {
            configAdmins.close();
        }
    }

    /** Deletes the configuration: the driver comes back with its defaults. */
    @Override
    public void close() throws IOException {
        configuration.delete();
    }
}
