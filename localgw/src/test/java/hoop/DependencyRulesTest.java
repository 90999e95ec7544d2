package hoop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The "may use" column of ARCHITECTURE.md, enforced on the compiled classes. */
class DependencyRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("hoop");
    }

    private static void mayOnlyUse(String pkg, String... allowed) {
        String[] all = new String[allowed.length + 4];
        all[0] = pkg;
        all[1] = "java..";
        all[2] = "javax..";
        all[3] = "jdk.incubator.vector..";  // the JDK's own vector API (hoop.core.Vectors)
        System.arraycopy(allowed, 0, all, 4, allowed.length);
        noClasses().that().resideInAPackage(pkg).should().dependOnClassesThat().resideOutsideOfPackages(all).check(classes);
    }

    @Test
    void coreUsesTheJdkOnly() {
        mayOnlyUse("hoop.core..");
    }

    @Test
    void configUsesCoreAndJackson() {
        mayOnlyUse("hoop.config..", "hoop.core..", "com.fasterxml.jackson..");
    }

    @Test
    void policyUsesCoreAndConfig() {
        mayOnlyUse("hoop.policy..", "hoop.core..", "hoop.config..");
    }

    @Test
    void maskingUsesCore() {
        mayOnlyUse("hoop.masking..", "hoop.core..");
    }

    @Test
    void identityUsesCoreAndNimbus() {
        mayOnlyUse("hoop.identity..", "hoop.core..", "com.nimbusds..");
    }

    @Test
    void storeUsesCoreAndJdbc() {
        mayOnlyUse("hoop.store..", "hoop.core..", "org.sqlite..");
    }

    @Test
    void approvalUsesCoreAndStore() {
        mayOnlyUse("hoop.approval..", "hoop.core..", "hoop.store..");
    }

    @Test
    void credentialsUseCoreAndTheAwsSdkOnly() {
        mayOnlyUse("hoop.credentials..", "hoop.core..", "software.amazon.awssdk..");
    }

    @Test
    void awsAdapterUsesCoreGuardRelayOnly() {
        mayOnlyUse("hoop.protocol.awshttp..", "hoop.core..", "hoop.guard..", "hoop.relay..", "io.netty..");
    }

    @Test
    void adaptersUseCoreGuardRelayOnly() {
        mayOnlyUse("hoop.protocol.exec..", "hoop.core..", "hoop.guard..", "hoop.relay..", "io.netty..");
    }

    @Test
    void postgresAdapterUsesCoreGuardRelayOnly() {
        mayOnlyUse("hoop.protocol.postgres..", "hoop.core..", "hoop.guard..", "hoop.relay..", "io.netty..");
    }

    @Test
    void adaptersNeverUseEachOther() {
        noClasses().that().resideInAPackage("hoop.protocol.exec..").should().dependOnClassesThat()
                .resideInAPackage("hoop.protocol.postgres..").check(classes);
        noClasses().that().resideInAPackage("hoop.protocol.postgres..").should().dependOnClassesThat()
                .resideInAPackage("hoop.protocol.exec..").check(classes);
        for (String other : new String[] {"hoop.protocol.exec..", "hoop.protocol.postgres.."}) {
            noClasses().that().resideInAPackage("hoop.protocol.awshttp..").should().dependOnClassesThat()
                    .resideInAPackage(other).check(classes);
            noClasses().that().resideInAPackage(other).should().dependOnClassesThat()
                    .resideInAPackage("hoop.protocol.awshttp..").check(classes);
        }

    }

    @Test
    void nothingBelowTheGatewayUsesIt() {
        noClasses().that().resideOutsideOfPackage("hoop.gateway..").should().dependOnClassesThat()
                .resideInAPackage("hoop.gateway..").check(classes);
    }
}
