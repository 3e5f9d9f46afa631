package io.virtkit.itests.hosts;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives test methods a parameter of an end-to-end fixture's type (hosts, their daemons and guests): made before the
 * first test class that asks for it needs it and closed by JUnit with its store, the run's (shared by every class of
 * the run) or the class's (closed after its last test). A fixture that could not be made is remembered, so the next
 * class does not try again; a skip (TinyLinuxGuest: no guest on this machine, and not CI) skips every class.
 */
public abstract class FixtureExtension<T extends AutoCloseable> implements BeforeAllCallback, ParameterResolver {

    /** How long the fixture lives. */
    public enum Scope { RUN, CLASS }

    private final Class<T> type;
    private final Scope scope;

    protected FixtureExtension(Class<T> type, Scope scope) {
        this.type = type;
        this.scope = scope;
    }

    /** Makes the fixture; a failure closes what it made before it throws. */
    protected abstract T make() throws Exception;

    /** Made (or found made) before the class's tests: a fixture this machine cannot make skips them here. */
    @Override
    public void beforeAll(ExtensionContext context) {
        fixture(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fixture(context);
    }

    private T fixture(ExtensionContext context) {
        ExtensionContext owner = switch (scope) {
            case RUN -> context.getRoot();
            case CLASS -> context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        };
        Object made = owner.getStore(ExtensionContext.Namespace.create(type)).getOrComputeIfAbsent("fixture", key -> {
            try {
                return new Closing(make());
            } catch (Exception e) {
                return e;
            }
        });
        if (made instanceof FixtureExtension<?>.Closing closing) {
            return type.cast(closing.fixture());
        }
        if (made instanceof TestAbortedException skipped) {
            throw skipped;
        }
        throw new IllegalStateException(type.getSimpleName() + " could not be made", (Exception) made);
    }

    /** Closed by JUnit with its store. */
    private final class Closing implements ExtensionContext.Store.CloseableResource {
        private final T fixture;

        Closing(T fixture) {
            this.fixture = fixture;
        }

        T fixture() {
            return fixture;
        }

        @Override
        public void close() throws Exception {
            fixture.close();
        }
    }
}
