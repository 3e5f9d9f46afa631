package io.virtkit.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;

class DriverConnectionTest {

    /** A driver whose domains are just names, found through a lookup that records what it was asked. */
    static final class NamesConnection extends DriverConnection<String> {
        final List<String> calls = new ArrayList<>();
        final List<Boolean> closedWith = new ArrayList<>();

        NamesConnection() {
            super("names:///");
        }

        @Override
        protected DomainLookup<String> domains() {
            return new DomainLookup<>() {
                @Override
                public List<String> list(DomainListFlag... flags) {
                    calls.add("list " + List.of(flags));
                    return List.of("a", "b");
                }

                @Override
                public String lookupByName(String name) {
                    calls.add("name " + name);
                    return name;
                }

                @Override
                public String lookupByUuid(UUID uuid) {
                    throw DomainErrors.noDomainWithUuid(io.virtkit.api.ErrorDomain.TEST, uuid);
                }

                @Override
                public String lookupById(int id) {
                    return "id" + id;
                }
            };
        }

        @Override
        protected Domain handle(String name) {
            return (Domain) Proxy.newProxyInstance(Domain.class.getClassLoader(), new Class<?>[] {Domain.class},
                    (proxy, method, args) -> method.getName().equals("name") ? name : null);
        }

        @Override
        protected String define(String xml) {
            return "defined " + xml;
        }

        @Override
        protected String create(String xml, Set<StartFlag> flags) {
            return "created " + xml + " " + flags;
        }

        @Override
        protected void closed(boolean autodestroy) {
            closedWith.add(autodestroy);
        }

        @Override
        public String type() {
            check("virConnectGetType");
            return "NAMES";
        }

        @Override
        public long hypervisorVersion() {
            return 0;
        }

        @Override
        public String hostname() {
            return "localhost";
        }

        @Override
        public NodeInfo nodeInfo() {
            return null;
        }

        @Override
        public String capabilities() {
            return "<capabilities/>";
        }
    }

    private final NamesConnection connection = new NamesConnection();

    @Test
    void answersDomainCallsThroughTheLookupAndHandles() {
        assertThat(connection.listAllDomains(DomainListFlag.ACTIVE)).extracting(Domain::name).containsExactly("a", "b");
        assertThat(connection.lookupDomainByName("web").name()).isEqualTo("web");
        assertThat(connection.lookupDomainById(3).name()).isEqualTo("id3");
        assertThat(connection.defineDomain("<x/>").name()).isEqualTo("defined <x/>");
        assertThat(connection.createDomain("<y/>", StartFlag.PAUSED, null).name()).isEqualTo("created <y/> [PAUSED]");
        assertThat(connection.calls).containsExactly("list [ACTIVE]", "name web");
        assertThatThrownBy(() -> connection.lookupDomainByUuid(UUID.randomUUID()))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN));
        assertThat(connection.uri()).isEqualTo("names:///");
        assertThat(connection.libraryVersion()).isEqualTo(DriverConnection.LIBRARY_VERSION);
        assertThat(connection).hasToString("NamesConnection[names:///]");
    }

    @Test
    void closesOnceAndThenRefusesEveryCallNamingTheLibvirtFunction() {
        connection.close();
        connection.close();
        connection.closeWithoutAutodestroy();

        assertThat(connection.closedWith).containsExactly(true);
        assertThat(connection.isAlive()).isFalse();
        assertThat(connection).hasToString("NamesConnection[names:///, closed]");
        assertInvalidConnection(() -> connection.lookupDomainByName("a"), "virDomainLookupByName");
        assertInvalidConnection(() -> connection.listAllDomains(), "virConnectListAllDomains");
        assertInvalidConnection(() -> connection.createDomain("<y/>"), "virDomainCreateXML");
        assertInvalidConnection(() -> connection.addDomainEventListener(e -> { }), "virConnectDomainEventRegisterAny");
        assertInvalidConnection(connection::type, "virConnectGetType");
        assertThat(connection.calls).isEmpty();
    }

    @Test
    void theDriverGoingAwayClosesWithoutAutodestroy() {
        connection.closeWithoutAutodestroy();

        assertThat(connection.closedWith).containsExactly(false);
    }

    @Test
    void deliversEventsToListenersUntilClosed() throws InterruptedException {
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        connection.deliver("nobody-listens", DomainEventDetail.DEFINED_ADDED);
        connection.addDomainEventListener(events::add);

        connection.deliver("web", DomainEventDetail.DEFINED_ADDED);

        DomainEvent event = events.poll(30, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.domain().name()).isEqualTo("web");
        assertThat(event.detail()).isEqualTo(DomainEventDetail.DEFINED_ADDED);
        connection.close();
        connection.deliver("late", DomainEventDetail.UNDEFINED_REMOVED); // dropped, not thrown
        assertThat(events).isEmpty();
    }

    private static void assertInvalidConnection(Runnable call, String function) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONN);
            assertThat(e.getMessage()).contains(function);
        });
    }
}
