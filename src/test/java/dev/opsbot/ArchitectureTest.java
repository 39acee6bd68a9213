package dev.opsbot;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.SimpleConditionEvent.violated;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import dev.opsbot.alert.AlertDesk;
import dev.opsbot.alert.AlertMessages;
import dev.opsbot.alert.ExternalAlert;
import dev.opsbot.alert.ExternalOutcome;
import dev.opsbot.alert.ExternalRule;
import dev.opsbot.alert.ResponseListener;
import dev.opsbot.alert.StoredAlert;
import dev.opsbot.audit.AuditLog;
import dev.opsbot.digest.DigestWiring;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.Person;
import dev.opsbot.oncall.Shift;
import dev.opsbot.probe.DatabasePingProbe;
import dev.opsbot.probe.LatencyHistogram;
import dev.opsbot.probe.PhaseTimings;
import dev.opsbot.probe.Probe;
import dev.opsbot.probe.ProbeHistoryStore;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeKind;
import dev.opsbot.probe.ProbeListener;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.sql.QueryFailure;
import dev.opsbot.sql.QueryLimits;
import dev.opsbot.sql.QueryResult;
import dev.opsbot.sql.ReadOnlyQueryRunner;
import dev.opsbot.sql.SavedQueryCatalog;
import dev.opsbot.sql.SqlTarget;
import dev.opsbot.sql.SqlVerdict;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of ARCHITECTURE.md, kept by a test rather than by memory. */
class ArchitectureTest {
  private static final String[] FEATURES = {
    "dev.opsbot.probe..",
    "dev.opsbot.alert..",
    "dev.opsbot.rollback..",
    "dev.opsbot.platform..",
    "dev.opsbot.digest..",
    "dev.opsbot.sql..",
    "dev.opsbot.oncall..",
    "dev.opsbot.intake..",
    "dev.opsbot.heartbeat.."
  };

  /**
   * Which feature may use which other feature (ARCHITECTURE.md, "How features reach each other").
   */
  private static final Map<String, Set<String>> FEATURE_EDGES =
      Map.of(
          "probe", Set.of(),
          "alert", Set.of("probe", "oncall"),
          "rollback", Set.of("probe"),
          "platform", Set.of("probe"),
          "digest", Set.of("probe", "sql"),
          "sql", Set.of(),
          "oncall", Set.of(),
          "intake", Set.of("alert"),
          "heartbeat", Set.of("probe"));

  /** What a feature offers the others; the rest of it is its own. */
  private static final Map<String, Set<Class<?>>> PUBLISHED =
      Map.of(
          // The probe results, live and recorded; Probe, for sources of results elsewhere (the
          // platforms' metrics).
          "probe",
          Set.of(
              Probe.class,
              ProbeResult.class,
              ProbeKey.class,
              ProbeKind.class,
              ProbeStatus.class,
              PhaseTimings.class,
              ProbeListener.class,
              ProbeHistoryStore.class,
              LatencyHistogram.class),
          // Who is on call, for the alert's escalation to page.
          "oncall",
          Set.of(OnCallRoster.class, Shift.class, Person.class),
          // The desk's door for alerts raised elsewhere, and who hears a person's response, for the
          // intake; the alert's thread key, for its replies there.
          "alert",
          Set.of(
              AlertDesk.class,
              ExternalRule.class,
              ExternalAlert.class,
              ExternalOutcome.class,
              ResponseListener.class,
              StoredAlert.class,
              AlertMessages.class),
          // The saved-query catalog and the read-only runner, for the digest's figures.
          "sql",
          Set.of(
              SavedQueryCatalog.class,
              ReadOnlyQueryRunner.class,
              QueryLimits.class,
              QueryResult.class,
              QueryFailure.class,
              SqlVerdict.class,
              SqlTarget.class));

  private static final String[] DATABASE_LIBRARIES = {
    "java.sql..", "javax.sql..", "com.zaxxer..", "org.postgresql..", "org.flywaydb..", "io.zonky.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.opsbot");
  }

  @Test
  void layersDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Wiring")
        .definedBy("dev.opsbot", "dev.opsbot.demo..")
        .layer("Chat adapters")
        .definedBy(
            "dev.opsbot.chat.slack..", "dev.opsbot.chat.discord..", "dev.opsbot.chat.console..")
        .layer("Admin endpoint")
        .definedBy("dev.opsbot.admin..")
        .layer("Status page")
        .definedBy("dev.opsbot.status..")
        .layer("Features")
        .definedBy(FEATURES)
        .layer("Audit trail")
        .definedBy("dev.opsbot.audit..")
        .layer("Command framework")
        .definedBy("dev.opsbot.command..")
        .layer("Infrastructure")
        .definedBy(
            "dev.opsbot.delivery..",
            "dev.opsbot.state..",
            "dev.opsbot.access..",
            "dev.opsbot.config..",
            "dev.opsbot.chat",
            "dev.opsbot.mail..",
            "dev.opsbot.logging..")
        .whereLayer("Wiring")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Chat adapters")
        .mayOnlyBeAccessedByLayers("Wiring")
        .whereLayer("Admin endpoint")
        .mayOnlyBeAccessedByLayers("Wiring")
        .whereLayer("Status page")
        .mayOnlyBeAccessedByLayers("Wiring")
        .whereLayer("Features")
        .mayOnlyBeAccessedByLayers("Wiring", "Admin endpoint", "Status page")
        .whereLayer("Audit trail")
        .mayOnlyBeAccessedByLayers("Wiring", "Features")
        .whereLayer("Command framework")
        .mayOnlyBeAccessedByLayers("Wiring", "Chat adapters", "Features", "Audit trail")
        .check(classes);
  }

  @Test
  void theCommandFrameworkImportsNoFeature() {
    noClasses()
        .that()
        .resideInAPackage("dev.opsbot.command..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FEATURES)
        .check(classes);
  }

  @Test
  void featuresReachEachOtherOnlyThroughWhatTheyPublish() {
    ArchRuleDefinition.classes()
        .that()
        .resideInAnyPackage(FEATURES)
        .should(useOtherFeaturesOnlyThroughWhatTheyPublish())
        .check(classes);
  }

  @Test
  void theStatusPageReadsOnlyTheProbeResultsProbePublishes() {
    // Incidents reach it through StatusSources, which the wiring implements from the alert desk.
    Set<Class<?>> published = PUBLISHED.get("probe");
    ArchRuleDefinition.noClasses()
        .that()
        .resideInAPackage("dev.opsbot.status..")
        .should()
        .dependOnClassesThat(
            describe(
                "belong to a feature other than what probe publishes",
                c ->
                    featureOf(topLevel(c)) != null
                        && published.stream().noneMatch(topLevel(c)::isEquivalentTo)))
        .check(classes);
  }

  @Test
  void jdbcOnlyInStateSqlStoresAndQueries() {
    // Named exceptions: a probe of a database speaks JDBC by nature; AuditLog is the audit trail's
    // store; DigestWiring hands the digest its pools.
    Set<Class<?>> exceptions = Set.of(DatabasePingProbe.class, AuditLog.class, DigestWiring.class);
    DescribedPredicate<JavaClass> outsideTheJdbcHomes =
        describe(
            "are outside state/, sql/, the wiring, classes named *Store or *Queries, "
                + "DatabasePingProbe, AuditLog and DigestWiring",
            c -> {
              JavaClass top = topLevel(c);
              return !resideInAnyPackage(
                          "dev.opsbot",
                          "dev.opsbot.demo..",
                          "dev.opsbot.state..",
                          "dev.opsbot.sql..")
                      .test(c)
                  && !top.getSimpleName().endsWith("Store")
                  && !top.getSimpleName().endsWith("Queries")
                  && exceptions.stream().noneMatch(top::isEquivalentTo);
            });
    noClasses()
        .that(outsideTheJdbcHomes)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(DATABASE_LIBRARIES)
        .check(classes);
  }

  @Test
  void chatAdaptersDoNotUseEachOther() {
    slices().matching("dev.opsbot.chat.(*)..").should().notDependOnEachOther().check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    // Each package is its own slice, so chat/ and its adapters are told apart.
    slices().matching("dev.opsbot.(**)").should().beFreeOfCycles().check(classes);
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
  void configurationDependsOnNoOtherPartOfOpsbot() {
    noClasses()
        .that()
        .resideInAPackage("dev.opsbot.config..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.opsbot..")
                .and(DescribedPredicate.not(resideInAPackage("dev.opsbot.config.."))))
        .check(classes);
  }

  /** A feature uses another only along FEATURE_EDGES, and only the classes it PUBLISHED. */
  private static ArchCondition<JavaClass> useOtherFeaturesOnlyThroughWhatTheyPublish() {
    return new ArchCondition<JavaClass>(
        "use another feature only where FEATURE_EDGES allows, and only what it publishes") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        String from = featureOf(origin);
        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = topLevel(dependency.getTargetClass().getBaseComponentType());
          String to = featureOf(target);
          if (to == null || to.equals(from)) {
            continue;
          }
          Set<Class<?>> published = PUBLISHED.getOrDefault(to, Set.of());
          if (!FEATURE_EDGES.get(from).contains(to)) {
            events.add(
                violated(
                    dependency, dependency.getDescription() + ": " + from + " may not use " + to));
          } else if (published.stream().noneMatch(target::isEquivalentTo)) {
            events.add(
                violated(
                    dependency,
                    dependency.getDescription()
                        + ": "
                        + target.getSimpleName()
                        + " is internal to "
                        + to
                        + ", which offers only "
                        + published.stream()
                            .map(Class::getSimpleName)
                            .sorted()
                            .collect(Collectors.joining(", "))));
          }
        }
      }
    };
  }

  /** The feature {@code c} belongs to, or null outside the features. */
  private static String featureOf(JavaClass c) {
    String rest = c.getPackageName().replaceFirst("^dev\\.opsbot\\.?", "");
    String top = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
    return FEATURE_EDGES.containsKey(top) ? top : null;
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass top = c;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }
}
