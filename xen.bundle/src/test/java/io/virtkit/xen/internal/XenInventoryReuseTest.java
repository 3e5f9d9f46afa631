package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.RunningCommand;
import io.virtkit.xen.internal.channel.XenChannel;
import io.virtkit.xen.internal.toolstack.XlToolstack;

/** A read of the host's domains answers again only briefly and never across another command of the connection. */
class XenInventoryReuseTest {

    private static final String LISTING = "Name ID Mem VCPUs State Time(s) UUID Reason-Code Security Label\n"
            + "Domain-0 0 512 1 r----- 8.8 00000000-0000-0000-0000-000000000000 - -\n"
            + "@@VIRTKIT-DEFINITIONS\n@@VIRTKIT-AUTOSTART\n@@VIRTKIT-SAVES\n";

    /** Answers every command with the listing above, counting them. */
    private static final class ScriptedChannel implements XenChannel {
        final List<String> commands = new ArrayList<>();

        @Override
        public synchronized CommandResult run(String command, byte[] stdin, Duration timeout) {
            commands.add(command);
            return new CommandResult(0, LISTING, "");
        }

        @Override
        public RunningCommand start(String command) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void readsInQuickSuccessionCostOneRoundTrip() {
        ScriptedChannel channel = new ScriptedChannel();
        XenInventory inventory = new XenInventory(new XlToolstack(channel, Duration.ofSeconds(5)));
        for (int i = 0; i < 10; i++) {
            assertThat(inventory.all()).extracting(XenDomain::name).containsExactly("Domain-0");
        }
        assertThat(channel.commands).hasSizeLessThanOrEqualTo(2); // one, unless the machine paused 100 ms meanwhile
    }

    @Test
    void anotherCommandOfTheConnectionEndsTheReuse() {
        ScriptedChannel channel = new ScriptedChannel();
        XlToolstack xl = new XlToolstack(channel, Duration.ofSeconds(5));
        XenInventory inventory = new XenInventory(xl);
        inventory.all();
        xl.run("xl pause 3", new byte[0], Duration.ofSeconds(5));
        inventory.all();
        assertThat(channel.commands).hasSize(3);
    }

    @Test
    void aReadOlderThanTheWindowIsNotReused() throws InterruptedException {
        ScriptedChannel channel = new ScriptedChannel();
        XenInventory inventory = new XenInventory(new XlToolstack(channel, Duration.ofSeconds(5)));
        inventory.all();
        Thread.sleep(XenInventory.REUSE.toMillis() + 20);
        inventory.all();
        assertThat(channel.commands).hasSize(2);
    }
}
