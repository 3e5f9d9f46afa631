package io.virtkit.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;

/**
 * virsh's {@code version}. Virtkit stands where virsh names libvirt: "Compiled against library" is the
 * Virtkit version this shell was built with, "Using library" and "Using API" the version the connection's
 * library reports, "Running hypervisor" the driver's hypervisor version.
 */
@Service
@Command(scope = "virt", name = "version", description = "Show the library and hypervisor versions",
        detailedDescription = "Prints the Virtkit version the shell was compiled against, the Virtkit "
                + "library version in use and the connected hypervisor's type and version, as virsh version does.")
public class VersionCommand extends ConnectedCommand {

    static final String LIBRARY = "Virtkit";

    @Override
    void execute(Connection connection) throws Exception {
        String library = formatVersion(Errors.call("failed to get the library version", connection::libraryVersion));
        String type = Errors.call("failed to get hypervisor type", connection::type);
        System.out.println("Compiled against library: " + LIBRARY + " " + compiledVersion());
        System.out.println("Using library: " + LIBRARY + " " + library);
        System.out.println("Using API: " + type + " " + library);
        long hypervisor = Errors.call("failed to get the hypervisor version", connection::hypervisorVersion);
        if (hypervisor == 0) {
            // libvirt's answer when a driver cannot tell its hypervisor's version.
            System.out.println("Cannot extract running " + type + " hypervisor version");
        } else {
            System.out.println("Running hypervisor: " + type + " " + formatVersion(hypervisor));
        }
    }

    /** libvirt's encoding, major * 1,000,000 + minor * 1,000 + release, as "major.minor.release". */
    static String formatVersion(long encoded) {
        return (encoded / 1_000_000) + "." + (encoded / 1_000 % 1_000) + "." + (encoded % 1_000);
    }

    /** The project version Maven wrote into build.properties, without a "-SNAPSHOT"-style qualifier. */
    static String compiledVersion() {
        Properties build = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("build.properties")) {
            if (in == null) {
                return "unknown";
            }
            build.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = build.getProperty("version", "unknown");
        int qualifier = version.indexOf('-');
        return qualifier < 0 ? version : version.substring(0, qualifier);
    }
}
