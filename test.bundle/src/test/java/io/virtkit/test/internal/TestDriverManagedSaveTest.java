package io.virtkit.test.internal;

import static io.virtkit.api.DomainEventDetail.STARTED_BOOTED;
import static io.virtkit.api.DomainEventDetail.STARTED_RESTORED;
import static io.virtkit.api.DomainEventDetail.STOPPED_SAVED;
import static io.virtkit.test.internal.TestDriverDomainTest.assertVirtError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainSaveFlag;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * Managed save, save and restore on test:///default, checked against what virsh shows for libvirt 9.0's test driver
 * ({@code virsh -c test:///default 'managedsave test; dominfo test; start test; …'}).
 */
class TestDriverManagedSaveTest {

    @TempDir
    Path dir;

    private TestDriver driver;
    private Connection conn;
    private Domain test;

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
        test = conn.lookupDomainByName("test");
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private List<String> names(DomainListFlag... flags) {
        return conn.listAllDomains(flags).stream().map(Domain::name).toList();
    }

    @Test
    void aManagedSaveStopsTheDomainAndTheNextStartUsesTheImageUp() throws Exception {
        Events events = new Events(conn);
        test.managedSave(DomainSaveFlag.BYPASS_CACHE, DomainSaveFlag.RUNNING);

        assertThat(test.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        assertThat(test.id()).isEqualTo(-1);
        events.expect("test", STOPPED_SAVED);
        assertThat(test.hasManagedSaveImage()).isTrue();
        assertThat(names(DomainListFlag.MANAGEDSAVE)).containsExactly("test");
        assertThat(names(DomainListFlag.NO_MANAGEDSAVE)).isEmpty();
        assertThat(names(DomainListFlag.MANAGEDSAVE, DomainListFlag.ACTIVE)).isEmpty();

        // libvirt's test driver boots (reason booted) and drops the image: it keeps no memory to resume
        test.start();
        assertThat(test.state().reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);
        events.expect("test", STARTED_BOOTED);
        assertThat(test.hasManagedSaveImage()).isFalse();
        assertThat(names(DomainListFlag.NO_MANAGEDSAVE)).containsExactly("test");
        events.expectNone();
    }

    @Test
    void anImageBlocksUndefineUntilRemovedOrUndefinedWithIt() {
        test.managedSave();
        assertVirtError(test::undefine, ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: Refusing to undefine while domain managed save image exists");
        assertThat(test.isPersistent()).isTrue();
        assertThat(test.hasManagedSaveImage()).isTrue();

        test.managedSaveRemove();
        assertThat(test.hasManagedSaveImage()).isFalse();
        test.managedSaveRemove(); // no image is no error
        assertThat(test.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_SAVED);

        test.start();
        test.managedSave();
        HypervisorConnection sub = Open.subDriver(driver, "test:///default").orElseThrow();
        var ref = sub.lookupDomainByName("test");
        sub.undefineDomain(ref, TestConnection.UNDEFINE_MANAGED_SAVE);
        assertThat(names()).isEmpty();
        sub.close();
    }

    @Test
    void onlyARunningPersistentDomainCanBeManagedSaved() {
        test.destroy();
        assertVirtError(() -> test.managedSave(), ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running");
        Domain t = conn.createDomain(Xml.domain("t", Xml.UUID_X));
        assertVirtError(() -> t.managedSave(), ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot do managed save for transient domain");
        assertThat(t.isActive()).isTrue();
        assertVirtError(() -> test.managedSave(DomainSaveFlag.RESET_NVRAM), ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "invalid argument: unsupported flags (0x8) in function virDomainManagedSave");
    }

    @Test
    void saveWritesLibvirtsTestImageAndRestoreRunsTheDomainAgain() throws Exception {
        Events events = new Events(conn);
        Path image = dir.resolve("test.save");
        test.save(image.toString(), null);

        assertThat(test.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        events.expect("test", STOPPED_SAVED);
        assertThat(test.hasManagedSaveImage()).isFalse();
        byte[] bytes = Files.readAllBytes(image);
        assertThat(new String(Arrays.copyOf(bytes, 15), StandardCharsets.US_ASCII)).isEqualTo("TestGuestMagic\0");
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("<name>test</name>");

        conn.restoreDomain(image.toString(), null);
        assertThat(test.state().reason()).isEqualTo(DomainStateReason.RUNNING_RESTORED);
        assertThat(test.isPersistent()).isTrue();
        assertThat(test.id()).isPositive();
        events.expect("test", STARTED_RESTORED);

        assertVirtError(() -> conn.restoreDomain(image.toString(), null), ErrorCode.OPERATION_INVALID,
                ErrorDomain.DOMAIN, "Requested operation is not valid: domain 'test' is already active");
        events.expectNone();
    }

    @Test
    void aSavedTransientDomainVanishesAndComesBackTransient() {
        Domain t = conn.createDomain(Xml.domain("t", Xml.UUID_X));
        Path image = dir.resolve("t.save");
        t.save(image.toString(), null);
        assertThat(names()).containsExactly("test");

        conn.restoreDomain(image.toString(), null);
        Domain back = conn.lookupDomainByName("t");
        assertThat(back.isPersistent()).isFalse();
        assertThat(back.state().reason()).isEqualTo(DomainStateReason.RUNNING_RESTORED);
    }

    @Test
    void badImagesAndRequestsGiveLibvirtsErrorsAndChangeNothing() throws Exception {
        Path missing = dir.resolve("missing");
        assertVirtError(() -> conn.restoreDomain(missing.toString(), null), ErrorCode.SYSTEM_ERROR, ErrorDomain.TEST,
                "cannot read domain image '" + missing + "': No such file or directory");
        Path magic = Files.write(dir.resolve("magic"), "XestGuestMagic\0\5\0\0\0<a/>".getBytes(StandardCharsets.UTF_8));
        assertVirtError(() -> conn.restoreDomain(magic.toString(), null), ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: mismatched header magic");
        Path shortHeader = Files.write(dir.resolve("short"), "TestGuest".getBytes(StandardCharsets.UTF_8));
        assertVirtError(() -> conn.restoreDomain(shortHeader.toString(), null), ErrorCode.SYSTEM_ERROR,
                ErrorDomain.TEST, "incomplete save header in '" + shortHeader + "'");
        Path huge = Files.write(dir.resolve("huge"), "TestGuestMagic\0\1\0\1\0".getBytes(StandardCharsets.UTF_8));
        assertVirtError(() -> conn.restoreDomain(huge.toString(), null), ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: length of metadata out of range");
        assertVirtError(() -> conn.restoreDomain(missing.toString(), "<domain/>"), ErrorCode.ARGUMENT_UNSUPPORTED,
                ErrorDomain.TEST, "argument unsupported: xml modification unsupported");

        Path nowhere = dir.resolve("no/such/dir");
        assertVirtError(() -> test.save(nowhere.toString(), null), ErrorCode.SYSTEM_ERROR, ErrorDomain.TEST,
                "saving domain 'test' to '" + nowhere + "': open failed: No such file or directory");
        assertVirtError(() -> test.save(dir.resolve("x").toString(), null, DomainSaveFlag.RUNNING),
                ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "invalid argument: unsupported flags (0x2) in function virDomainSaveFlags");
        assertThat(test.state().reason()).isEqualTo(DomainStateReason.RUNNING_UNKNOWN); // as the default state has it
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
    }

    @Test
    void aNodeFileMayGiveAShutOffDomainAnImage() throws Exception {
        Path node = Files.writeString(dir.resolve("node.xml"), """
                <node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
                  <domain type='test'><name>s</name><memory>1024</memory><os><type>hvm</type></os>
                    <test:runstate>5</test:runstate><test:hasmanagedsave/></domain>
                </node>""");
        Connection c = Open.connection(driver, "test://" + node);
        assertThat(c.lookupDomainByName("s").hasManagedSaveImage()).isTrue();

        Path bad = Files.writeString(dir.resolve("bad.xml"), """
                <node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
                  <domain type='test'><name>s</name><memory>1024</memory><os><type>hvm</type></os>
                    <test:hasmanagedsave/></domain>
                </node>""");
        assertVirtError(() -> Open.connection(driver, "test://" + bad), ErrorCode.XML_ERROR, ErrorDomain.TEST,
                "XML error: domain with managedsave data can only have runstate 'shutoff'");
    }
}
