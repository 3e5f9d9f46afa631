package io.virtkit.shell.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The shell's settings from Config Admin (pid {@value #PID}), registered as a service that the commands
 * reach through Karaf's {@code @Reference}. Changes are applied in place ({@link Modified}) so that Karaf
 * does not unregister and re-register every command of the bundle when the default URI is edited.
 */
@Component(service = ShellSettings.class, configurationPid = ShellSettings.PID)
@Designate(ocd = ShellSettings.Config.class)
public final class ShellSettings {

    public static final String PID = "io.virtkit.shell";

    @ObjectClassDefinition(name = "Virtkit shell", description = "Settings of the virt:* shell commands")
    public @interface Config {
        @AttributeDefinition(name = "Default URI",
                description = "The connection URI used when a command is given no -c/--connect option")
        String defaultUri() default "test:///default";
    }

    private volatile String defaultUri;

    @Activate
    public ShellSettings(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        String uri = config.defaultUri();
        // An emptied property falls back to the built-in default rather than to an unusable blank URI.
        this.defaultUri = uri == null || uri.isBlank() ? "test:///default" : uri.trim();
    }

    /** The URI a command connects to when it is given none. */
    public String defaultUri() {
        return defaultUri;
    }
}
