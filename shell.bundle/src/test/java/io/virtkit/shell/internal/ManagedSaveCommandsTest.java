package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateReason;

/**
 * managedsave, managedsave-remove, save, restore and what dominfo, list and undefine make of an image, on
 * test:///default, worded as virsh -c test:///default prints them (libvirt 9.0).
 */
class ManagedSaveCommandsTest {

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    @TempDir
    Path dir;

    private Domain test() {
        return shell.api().lookupDomainByName("test");
    }

    private ListCommand list() {
        ListCommand list = shell.wire(new ListCommand());
        list.all = true;
        return list;
    }

    @Test
    void managedsaveStopsTheDomainAndDominfoAndListShowTheImage() throws Exception {
        assertThat(shell.run(shell.on(new DomInfoCommand(), "test"))).contains("Managed save:   no\n");
        assertThat(shell.run(shell.on(new ManagedSaveCommand(), "test")))
                .isEqualTo("\nDomain 'test' state saved by libvirt\n");
        assertThat(test().state().reason()).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        assertThat(shell.run(shell.on(new DomInfoCommand(), "test"))).contains("State:          shut off\n")
                .contains("Managed save:   yes\n");

        ListCommand with = list();
        with.withManagedSave = true;
        assertThat(shell.run(with)).isEqualTo("""
                 Id   Name   State
                -----------------------
                 -    test   shut off
                """);
        ListCommand without = list();
        without.withoutManagedSave = true;
        assertThat(shell.run(without)).isEqualTo("""
                 Id   Name   State
                --------------------
                """);
        ListCommand saved = list();
        saved.managedSave = true;
        assertThat(shell.run(saved)).contains(" -    test   saved\n");

        shell.run(shell.on(new StartCommand(), "test"));
        assertThat(test().hasManagedSaveImage()).isFalse();
    }

    @Test
    void managedsaveRemoveDropsTheImageOrSaysThereIsNone() throws Exception {
        shell.run(shell.on(new ManagedSaveCommand(), "test"));
        assertThat(shell.run(shell.on(new ManagedSaveRemoveCommand(), "test")))
                .isEqualTo("Removed managedsave image for domain 'test'\n");
        assertThat(shell.run(shell.on(new ManagedSaveRemoveCommand(), "test")))
                .isEqualTo("Domain 'test' has no manage save image; removal skipped\n");
        assertThat(test().hasManagedSaveImage()).isFalse();
    }

    @Test
    void undefineRefusesADomainWithAnImageUnlessItGoesToo() throws Exception {
        shell.run(shell.on(new ManagedSaveCommand(), "test"));
        assertThat(shell.fail(shell.on(new UndefineCommand(), "test")))
                .isEqualTo("error: Refusing to undefine while domain managed save image exists");
        assertThat(test().isPersistent()).isTrue();

        UndefineCommand withImage = shell.on(new UndefineCommand(), "test");
        withImage.managedSave = true;
        assertThat(shell.run(withImage)).isEqualTo("Domain 'test' has been undefined\n");
        assertThat(shell.api().listAllDomains()).isEmpty();
    }

    @Test
    void managedsaveErrorsReadAsVirsh() throws Exception {
        ManagedSaveCommand both = shell.on(new ManagedSaveCommand(), "test");
        both.running = true;
        both.paused = true;
        assertThat(shell.fail(both)).isEqualTo("error: Failed to save domain 'test' state\n"
                + "error: Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are mutually exclusive");
        assertThat(shell.fail(shell.on(new ManagedSaveCommand(), "nope"))).isEqualTo("error: failed to get domain 'nope'");
        assertThat(shell.fail(shell.on(new ManagedSaveRemoveCommand(), "nope")))
                .isEqualTo("error: failed to get domain 'nope'");
        test().destroy();
        assertThat(shell.fail(shell.on(new ManagedSaveCommand(), "test"))).isEqualTo(
                "error: Failed to save domain 'test' state\nerror: Requested operation is not valid: domain is not running");
    }

    @Test
    void saveAndRestoreGoThroughAFile() throws Exception {
        Path image = dir.resolve("test.img");
        SaveCommand save = shell.on(new SaveCommand(), "test");
        save.file = image.toString();
        assertThat(shell.run(save)).isEqualTo("\nDomain 'test' saved to " + image + "\n");
        assertThat(test().state().reason()).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        assertThat(Files.exists(image)).isTrue();

        RestoreCommand restore = shell.wire(new RestoreCommand());
        restore.file = image.toString();
        assertThat(shell.run(restore)).isEqualTo("Domain restored from " + image + "\n");
        assertThat(test().state().reason()).isEqualTo(DomainStateReason.RUNNING_RESTORED);

        RestoreCommand again = shell.wire(new RestoreCommand());
        again.file = image.toString();
        assertThat(shell.fail(again)).isEqualTo("error: Failed to restore domain from " + image
                + "\nerror: Requested operation is not valid: domain 'test' is already active");
    }

    @Test
    void saveAndRestoreErrorsReadAsVirsh() throws Exception {
        Path nowhere = dir.resolve("none/x");
        SaveCommand save = shell.on(new SaveCommand(), "test");
        save.file = nowhere.toString();
        assertThat(shell.fail(save)).isEqualTo("error: Failed to save domain 'test' to " + nowhere
                + "\nerror: saving domain 'test' to '" + nowhere + "': open failed: No such file or directory");

        SaveCommand withXml = shell.on(new SaveCommand(), "test");
        withXml.file = dir.resolve("x").toString();
        withXml.xmlFile = dir.resolve("missing.xml").toString();
        assertThat(shell.fail(withXml))
                .isEqualTo("error: Failed to open file '" + dir.resolve("missing.xml") + "': No such file or directory");

        Path missing = dir.resolve("missing");
        RestoreCommand restore = shell.wire(new RestoreCommand());
        restore.file = missing.toString();
        assertThat(shell.fail(restore)).isEqualTo("error: Failed to restore domain from " + missing
                + "\nerror: cannot read domain image '" + missing + "': No such file or directory");
        assertThat(test().isActive()).isTrue();
    }
}
