package dev.opsbot.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.access.Caller;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.Argument;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.ServiceNames;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.DependencyGraph;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@code /health}: the fleet at a glance, or one service in detail. */
public final class HealthCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "health",
          "Status, latency and version of every service and database",
          List.of(
              Argument.optional("service", "a service or database id, or all (the default)"),
              Argument.flag("fresh", "probe now instead of using results up to a few seconds old")),
          CommandSpec.EVERYONE);
  private static final int RECENT_RESULTS = 5;

  private final ProbeEngine engine;
  private final Clock clock;
  private final FreshAllowance allowance;
  private final LocationView locations;
  private final DependencyMarks marks;
  private final HealthNotes notes;

  public HealthCommand(ProbeEngine engine, Clock clock) {
    this(engine, clock, new FreshAllowance(clock));
  }

  /** With the fresh-round allowance the other commands that probe on request share. */
  public HealthCommand(ProbeEngine engine, Clock clock, FreshAllowance allowance) {
    this(engine, clock, allowance, LocationView.NONE);
  }

  /** As above, showing what the other locations probing the fleet see. */
  public HealthCommand(
      ProbeEngine engine, Clock clock, FreshAllowance allowance, LocationView locations) {
    this(engine, clock, allowance, locations, DependencyGraph.of(Map.of()));
  }

  /** As above, marking a service whose dependency is down ("erp DOWN - backend is down"). */
  public HealthCommand(
      ProbeEngine engine,
      Clock clock,
      FreshAllowance allowance,
      LocationView locations,
      DependencyGraph dependencies) {
    this(engine, clock, allowance, locations, dependencies, HealthNotes.NONE);
  }

  /** As above, with what others know of a service now (a maintenance window). */
  public HealthCommand(
      ProbeEngine engine,
      Clock clock,
      FreshAllowance allowance,
      LocationView locations,
      DependencyGraph dependencies,
      HealthNotes notes) {
    this.notes = notes;
    this.engine = engine;
    this.clock = clock;
    this.allowance = allowance;
    this.locations = locations;
    this.marks = new DependencyMarks(dependencies);
  }

  /** What an answer is made of: a round probed for it, or cached results (asked, or imposed). */
  private enum Freshness {
    FRESH,
    CACHED,
    LIMITED
  }

  private Freshness freshness(boolean wanted, Caller caller) {
    if (!wanted) {
      return Freshness.CACHED;
    }
    return allowance.take(caller) ? Freshness.FRESH : Freshness.LIMITED;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    if (request.arguments().size() > 1) {
      throw new UsageException("give at most one service");
    }
    String target = request.argument(0);
    if (target == null || target.equals("all")) {
      return fleet(freshness(request.flag("fresh"), request.caller()));
    }
    ProbeKey heartbeat = ProbeKey.heartbeat(target);
    if (engine.keys(ProbeKind.HEARTBEAT).contains(heartbeat)) {
      return HeartbeatTable.single(
          engine,
          clock,
          heartbeat,
          freshness(request.flag("fresh"), request.caller()) == Freshness.FRESH);
    }
    // A misspelt service is answered before it can use up a fresh round.
    ProbeKey key = serviceKey(target);
    return single(key, freshness(request.flag("fresh"), request.caller()));
  }

  private List<ProbeKey> overviewKeys() {
    return Stream.concat(
            engine.keys(ProbeKind.SERVICE_HEALTH).stream(),
            engine.keys(ProbeKind.DATABASE).stream())
        .toList();
  }

  private Message fleet(Freshness fresh) {
    Map<ProbeKey, ProbeResult> results = engine.probe(overviewKeys(), fresh == Freshness.FRESH);
    Map<ProbeKey, QuorumVerdict> verdicts = locations.verdicts(results.values());
    List<ProbeResult> shown = new ArrayList<>();
    Map<String, ProbeStatus> status = new HashMap<>();
    for (ProbeResult local : results.values()) {
      QuorumVerdict verdict = verdicts.get(local.key());
      ProbeResult result = verdict == null ? local : verdict.applyTo(local);
      shown.add(result);
      status.put(result.key().subject(), result.status());
    }
    List<List<String>> rows = new ArrayList<>();
    for (ProbeResult result : shown) {
      ProbeResult local = results.get(result.key());
      QuorumVerdict verdict = verdicts.get(local.key());
      List<String> row =
          new ArrayList<>(
              List.of(
                  result.key().subject(),
                  marks.status(result.key().subject(), result.status(), status),
                  result.httpCode() == null ? "-" : result.httpCode().toString(),
                  HumanTime.latency(result.latency()),
                  result.version() == null ? "-" : result.version(),
                  result == local ? reason(local) : result.reason()));
      if (verdict != null) {
        row.add(verdict.where());
      }
      rows.add(row);
    }
    List<String> columns =
        new ArrayList<>(List.of("SERVICE", "STATUS", "HTTP", "LATENCY", "VERSION", "REASON"));
    if (!verdicts.isEmpty()) {
      columns.add("LOCATIONS");
    }
    String summary = summary(shown);
    Message.Builder message =
        Message.builder("Fleet health: " + summary).header("Fleet health").table(columns, rows);
    List<ProbeResult> heartbeats =
        HeartbeatTable.add(engine, clock, fresh == Freshness.FRESH, message);
    List<ProbeResult> all = new ArrayList<>(shown);
    all.addAll(heartbeats);
    long late = heartbeats.stream().filter(r -> r.status() == ProbeStatus.DOWN).count();
    message.text(summary + (late == 0 ? "" : "; " + late + " heartbeat(s) late"));
    Map<String, String> noted = notes.now();
    shown.stream()
        .map(r -> r.key().subject())
        .filter(noted::containsKey)
        .forEach(subject -> message.text(subject + ": " + noted.get(subject)));
    return message
        .context(freshness(results.values(), fresh) + " · /health <service> for details")
        .tone(tone(all))
        .build();
  }

  /** This location's reason, with how far a failure is from counting as down here. */
  private String reason(ProbeResult result) {
    ProbeHistory history = engine.history(result.key());
    int failures = history.consecutiveFailures();
    if (result.status() == ProbeStatus.DOWN && failures < history.failureThreshold()) {
      return result.reason()
          + " (failure "
          + failures
          + " of "
          + history.failureThreshold()
          + " before it counts as down)";
    }
    return result.reason();
  }

  /** "5/6 up, 1 degraded": what a person needs before reading the table. */
  static String summary(Collection<ProbeResult> results) {
    Map<ProbeStatus, Long> counts = new EnumMap<>(ProbeStatus.class);
    results.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
    StringBuilder text = new StringBuilder();
    text.append(counts.getOrDefault(ProbeStatus.UP, 0L)).append('/').append(results.size());
    text.append(" up");
    for (ProbeStatus status : List.of(ProbeStatus.DEGRADED, ProbeStatus.DOWN)) {
      long count = counts.getOrDefault(status, 0L);
      if (count > 0) {
        text.append(", ").append(count).append(' ').append(status.name().toLowerCase());
      }
    }
    return text.toString();
  }

  private String freshness(Collection<ProbeResult> results, Freshness fresh) {
    if (fresh == Freshness.FRESH) {
      return "probed just now";
    }
    String note =
        fresh == Freshness.LIMITED
            ? " (--fresh probes at most "
                + FreshAllowance.PER_WINDOW
                + " times in "
                + FreshAllowance.WINDOW.toSeconds()
                + " s per person: these are the latest results)"
            : "; --fresh to probe now";
    var oldest = results.stream().map(ProbeResult::at).min(java.util.Comparator.naturalOrder());
    return oldest
        .map(at -> "probed " + HumanTime.age(at, clock.instant()) + note)
        .orElse("nothing probed");
  }

  static Tone tone(Collection<ProbeResult> results) {
    if (results.stream().anyMatch(r -> r.status() == ProbeStatus.DOWN)) {
      return Tone.DANGER;
    }
    if (results.stream().anyMatch(r -> r.status() == ProbeStatus.DEGRADED)) {
      return Tone.WARNING;
    }
    return Tone.GOOD;
  }

  private ProbeKey serviceKey(String target) {
    List<ProbeKey> overview = overviewKeys();
    return overview.stream()
        .filter(k -> k.subject().equals(target))
        .findFirst()
        .orElseThrow(() ->
            ServiceNames.unknown(
                target,
                Stream.concat(overview.stream(), engine.keys(ProbeKind.HEARTBEAT).stream())
                    .map(ProbeKey::subject)
                    .toList()));
  }

  private Message single(ProbeKey key, Freshness fresh) {
    String target = key.subject();
    List<ProbeKey> keys = new ArrayList<>();
    keys.add(key);
    engine.keys(ProbeKind.SERVICE_ENDPOINT).stream()
        .filter(k -> k.subject().equals(target))
        .forEach(keys::add);
    Map<ProbeKey, ProbeResult> results = engine.probe(keys, fresh == Freshness.FRESH);
    ProbeResult local = results.get(key);
    QuorumVerdict verdict = locations.verdicts(List.of(local)).get(key);
    ProbeResult result = verdict == null ? local : verdict.applyTo(local);
    ProbeHistory history = engine.history(key);

    List<Block.Field> fields = new ArrayList<>();
    fields.add(new Block.Field("Status", result.status().name()));
    fields.add(
        new Block.Field("HTTP", result.httpCode() == null ? "-" : result.httpCode().toString()));
    fields.add(new Block.Field("Latency", HumanTime.latency(result.latency())));
    fields.add(new Block.Field("Version", result.version() == null ? "-" : result.version()));
    fields.add(new Block.Field("Reason", result == local ? reason(local) : result.reason()));
    fields.add(
        new Block.Field(
            "Confirmed",
            history.confirmedStatus().map(Enum::name).orElse("not yet (too few results)")));
    platform(results.get(ProbeKey.endpoint(target, PLATFORM)), fields);
    String note = notes.now().get(target);
    if (note != null) {
      fields.add(new Block.Field("Maintenance", note));
    }

    String shownStatus = marks.status(target, result.status(), dependencyStatus(target, result));
    Message.Builder message =
        Message.builder(target + " is " + shownStatus + ": " + result.reason())
            .header(target + ": " + shownStatus)
            .fields(fields)
            .fields(phases(result.phases()));
    Map<String, String> extracted = new LinkedHashMap<>();
    results.forEach((k, r) -> {
      String prefix = k.equals(key) ? "" : k.check() + ".";
      r.fields().forEach((name, value) -> extracted.put(prefix + name, brief(value)));
      if (!k.equals(key) && r.status() == ProbeStatus.DOWN) {
        extracted.put(k.check(), "unreachable: " + r.reason());
      }
    });
    if (!extracted.isEmpty()) {
      message.table(
          List.of("FIELD", "VALUE"),
          extracted.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue())).toList());
    }
    if (verdict != null) {
      message.table(
          List.of("LOCATION", "STATUS", "REASON", "WHEN"),
          verdict.sightings().stream()
              .map(s ->
                  List.of(
                      s.location(),
                      s.status().name(),
                      s.reason(),
                      HumanTime.age(s.at(), clock.instant())))
              .toList());
    }
    List<List<String>> recent =
        history.recent(RECENT_RESULTS).stream()
            .map(r ->
                List.of(
                    HumanTime.age(r.at(), clock.instant()),
                    r.status().name(),
                    HumanTime.latency(r.latency()),
                    r.reason()))
            .toList();
    message.table(List.of("WHEN", "STATUS", "LATENCY", "REASON"), recent);
    return message
        .buttons(List.of(new Block.Button(REFRESH, "Probe again", target, Tone.NEUTRAL)))
        .context(freshness(List.of(result), fresh))
        .tone(tone(List.of(result)))
        .build();
  }

  /** The statuses a service's dependency mark reads, from the latest results (not probed now). */
  private Map<String, ProbeStatus> dependencyStatus(String target, ProbeResult result) {
    Map<String, ProbeStatus> status = new HashMap<>();
    status.put(target, result.status());
    List<String> dependencies = marks.dependencies(target);
    if (result.status() != ProbeStatus.UP && !dependencies.isEmpty()) {
      Map<ProbeKey, ProbeResult> latest =
          engine.probe(
              overviewKeys().stream().filter(k -> dependencies.contains(k.subject())).toList(),
              false);
      Map<ProbeKey, QuorumVerdict> verdicts = locations.verdicts(latest.values());
      latest.forEach((k, r) -> {
        QuorumVerdict verdict = verdicts.get(k);
        status.put(k.subject(), (verdict == null ? r : verdict.applyTo(r)).status());
      });
    }
    return status;
  }

  static final String REFRESH = "health.refresh";

  /** The endpoint whose fields are the platform's measures of the service (Render's metrics). */
  static final String PLATFORM = "platform";

  /** Memory and CPU as the platform measures them, when it has. */
  private static void platform(ProbeResult result, List<Block.Field> fields) {
    if (result == null || result.status() == ProbeStatus.DOWN) {
      return;
    }
    result
        .field("memoryPercent")
        .ifPresent(percent ->
            fields.add(
                new Block.Field(
                    "Memory",
                    percent.asText()
                        + "%"
                        + result
                            .field("memoryMb")
                            .map(mb ->
                                " ("
                                    + mb.asText()
                                    + " of "
                                    + result.field("memoryLimitMb").map(l -> l.asText()).orElse("?")
                                    + " MB)")
                            .orElse(""))));
    result
        .field("cpu")
        .ifPresent(cpu -> fields.add(new Block.Field("CPU", cpu.asText() + " cores")));
  }

  @Override
  public List<ButtonAction> buttonActions() {
    return List.of(
        ButtonAction.of(
            REFRESH,
            SPEC.requiredRole(),
            click -> single(serviceKey(click.value()), freshness(true, click.caller()))));
  }

  private static List<Block.Field> phases(PhaseTimings phases) {
    List<Block.Field> fields = new ArrayList<>();
    if (phases.dns() != null) {
      fields.add(new Block.Field("DNS", HumanTime.latency(phases.dns())));
    }
    if (phases.connect() != null) {
      fields.add(new Block.Field("Connect", HumanTime.latency(phases.connect())));
    }
    if (phases.tls() != null) {
      fields.add(new Block.Field("TLS", HumanTime.latency(phases.tls())));
    }
    if (phases.firstByte() != null) {
      fields.add(new Block.Field("First byte", HumanTime.latency(phases.firstByte())));
    }
    return fields;
  }

  /** A JSON value in one short line: long lists and objects are cut. */
  static String brief(JsonNode value) {
    String text = value.isValueNode() ? value.asText() : value.toString();
    if (value.isArray()) {
      text = value.size() + " items: " + text;
    }
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
