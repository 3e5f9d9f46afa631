package io.virtkit.esx.internal;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A simulator of a test class's own (its tests change the inventory, so not the shared fixtures), started before
 * the class's first test and stopped after its last: {@code @RegisterExtension static OwnSimulator sim = ...}.
 */
final class OwnSimulator implements BeforeAllCallback, AfterAllCallback {

    private final VcsimFixture.Options options;
    private final String[] launcherArgs;
    private VcsimFixture fixture;

    OwnSimulator(VcsimFixture.Options options, String... launcherArgs) {
        this.options = options;
        this.launcherArgs = launcherArgs;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        fixture = VcsimFixture.start(options, launcherArgs);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (fixture != null) {
            fixture.close();
        }
    }

    VcsimFixture get() {
        return fixture;
    }
}
