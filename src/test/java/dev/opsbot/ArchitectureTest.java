package dev.opsbot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of DESIGN.md, kept by a test rather than by memory. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.opsbot");
  }

  @Test
  void coreStagesUseNoChatPlatformOrDatabaseClasses() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.opsbot.probe..",
            "dev.opsbot.alert..",
            "dev.opsbot.digest..",
            "dev.opsbot.command..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.slack..", "net.dv8tion..", "java.sql..", "javax.sql..", "com.zaxxer..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void onlyTheSlackAdapterUsesSlackClasses() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.opsbot.chat.slack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.slack..")
        .check(classes);
  }

  @Test
  void onlyTheDiscordAdapterUsesJda() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.opsbot.chat.discord..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("net.dv8tion..")
        .check(classes);
  }

  @Test
  void theDiscordAdapterIsWhereJdaIsUsed() {
    // Keeps the rule above from passing only because nothing uses JDA at all.
    assertThat(
            classes.stream()
                .filter(c -> c.getPackageName().startsWith("dev.opsbot.chat.discord"))
                .anyMatch(c ->
                    c.getDirectDependenciesFromSelf().stream()
                        .anyMatch(
                            d -> d.getTargetClass().getPackageName().startsWith("net.dv8tion"))))
        .isTrue();
  }

  @Test
  void chatAdaptersDoNotUseEachOther() {
    noClasses()
        .that()
        .resideInAPackage("dev.opsbot.chat.discord..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.opsbot.chat.slack..", "dev.opsbot.chat.console..", "com.slack..")
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage("dev.opsbot.chat.slack..", "dev.opsbot.chat.console..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.opsbot.chat.discord..")
        .check(classes);
  }

  @Test
  void deliveryRoutesToPlatformsWithoutKnowingThem() {
    noClasses()
        .that()
        .resideInAPackage("dev.opsbot.delivery..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.opsbot.chat.slack..", "dev.opsbot.chat.discord..", "com.slack..", "net.dv8tion..")
        .check(classes);
  }

  @Test
  void commandsSpeakTheNeutralMessageModelNotARenderer() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.opsbot.command..", "dev.opsbot.probe..", "dev.opsbot.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.opsbot.chat.console..", "dev.opsbot.chat.slack..", "dev.opsbot.chat.discord..")
        .check(classes);
  }

  @Test
  void configurationDependsOnNoOtherPartOfOpsbot() {
    noClasses()
        .that()
        .resideInAPackage("dev.opsbot.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.opsbot.probe..",
            "dev.opsbot.command..",
            "dev.opsbot.chat..",
            "dev.opsbot.demo..",
            "dev.opsbot.db..")
        .check(classes);
  }
}
