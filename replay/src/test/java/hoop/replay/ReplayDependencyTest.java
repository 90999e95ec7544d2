package hoop.replay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md: hoop.replay may use core and store (and Jackson for the JSON it reads and writes). */
class ReplayDependencyTest {
    @Test
    void replayUsesCoreAndStoreOnly() {
        noClasses().that().resideInAPackage("hoop.replay..").should().dependOnClassesThat()
                .resideOutsideOfPackages("hoop.replay..", "hoop.core..", "hoop.store..", "java..", "javax..", "com.fasterxml.jackson..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("hoop.replay"));
    }
}
