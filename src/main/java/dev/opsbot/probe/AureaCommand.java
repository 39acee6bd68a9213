package dev.opsbot.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.AureaConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /aurea}: the AI orchestrator and its scheduler, each value flagged against the fleet's
 * thresholds; the last known state, with its age, when the endpoints do not answer.
 */
public final class AureaCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "aurea",
          "The AUREA orchestrator and its scheduler",
          List.of(Argument.flag("fresh", "ask the orchestrator now instead of a recent answer")),
          CommandSpec.EVERYONE);

  private final ProbeEngine engine;
  private final AureaConfig config;
  private final Clock clock;
  private final FreshAllowance allowance;

  public AureaCommand(ProbeEngine engine, AureaConfig config, Clock clock) {
    this(engine, config, clock, new FreshAllowance(clock));
  }

  /** With the fresh-round allowance /health shares. */
  public AureaCommand(
      ProbeEngine engine, AureaConfig config, Clock clock, FreshAllowance allowance) {
    this.engine = engine;
    this.config = config;
    this.clock = clock;
    this.allowance = allowance;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    if (!request.arguments().isEmpty()) {
      throw new UsageException("/aurea takes no arguments");
    }
    ProbeKey usageKey = ProbeKey.endpoint(config.service(), config.usageEndpoint());
    ProbeKey schedulerKey = ProbeKey.endpoint(config.service(), config.schedulerEndpoint());
    boolean limited = request.flag("fresh") && !allowance.take(request.caller());
    Map<ProbeKey, ProbeResult> results =
        engine.probe(List.of(usageKey, schedulerKey), request.flag("fresh") && !limited);
    List<Tone> tones = new ArrayList<>();
    Message.Builder message = Message.builder("AUREA orchestrator").header("AUREA orchestrator");

    Reading usage = reading(results.get(usageKey), usageKey);
    message.add(usage.note());
    if (usage.result() != null) {
      message.fields(usageFields(usage.result(), tones));
    }

    message.header("Scheduler");
    Reading scheduler = reading(results.get(schedulerKey), schedulerKey);
    message.add(scheduler.note());
    if (scheduler.result() != null) {
      message.fields(schedulerFields(scheduler.result(), tones));
      nextJobs(scheduler.result()).ifPresent(message::add);
    }
    if (usage.stale() || scheduler.stale()) {
      tones.add(Tone.DANGER);
    }
    Tone tone =
        tones.contains(Tone.DANGER)
            ? Tone.DANGER
            : tones.contains(Tone.WARNING) ? Tone.WARNING : Tone.GOOD;
    return message
        .context(
            "from "
                + config.service()
                + (limited
                    ? " · --fresh asks at most "
                        + FreshAllowance.PER_WINDOW
                        + " times in "
                        + FreshAllowance.WINDOW.toSeconds()
                        + " s per person: these are the latest answers"
                    : " · /aurea --fresh to ask now"))
        .tone(tone)
        .build();
  }

  /** The result to show, and a line saying how current it is. */
  private record Reading(ProbeResult result, Block note, boolean stale) {}

  private Reading reading(ProbeResult result, ProbeKey key) {
    String where = key.subject() + " " + key.check() + " endpoint";
    if (result.status() != ProbeStatus.DOWN && !result.fields().isEmpty()) {
      Block note =
          new Block.Context(
              where + ": " + HumanTime.latency(result.latency()) + ", " + result.reason());
      return new Reading(result, note, false);
    }
    Optional<ProbeResult> lastKnown = engine.history(key).lastAnswered();
    String problem = "The " + where + " is unreachable: " + result.reason() + ".";
    if (lastKnown.isEmpty() || lastKnown.get().fields().isEmpty()) {
      return new Reading(null, new Block.Text(problem + " No earlier state is known."), true);
    }
    String age = HumanTime.age(lastKnown.get().at(), clock.instant());
    return new Reading(
        lastKnown.get(), new Block.Text(problem + " Last known state, from " + age + ":"), true);
  }

  private static List<Block.Field> usageFields(ProbeResult result, List<Tone> tones) {
    List<Block.Field> fields = new ArrayList<>();
    Optional<JsonNode> running = result.field("running");
    if (running.isEmpty()) {
      fields.add(new Block.Field("Running", "unknown (field missing)"));
      tones.add(Tone.WARNING);
    } else if (running.get().asBoolean()) {
      fields.add(new Block.Field("Running", "yes"));
    } else {
      fields.add(new Block.Field("Running", "NO: critical, restart the service"));
      tones.add(Tone.DANGER);
    }
    fields.add(new Block.Field("Autonomy level", text(result, "autonomyLevel")));
    fields.add(new Block.Field("Cycles completed", text(result, "cyclesCompleted")));
    fields.add(new Block.Field("Decisions made", text(result, "decisionsMade")));
    fields.add(new Block.Field("Learning insights", text(result, "learningInsights")));
    return fields;
  }

  private List<Block.Field> schedulerFields(ProbeResult result, List<Tone> tones) {
    List<Block.Field> fields = new ArrayList<>();
    int expected = config.expectedJobs();
    Optional<JsonNode> registered = result.field("registeredJobs");
    String verdict;
    if (registered.isEmpty()) {
      verdict = "unknown (field missing)";
      tones.add(Tone.WARNING);
    } else if (registered.get().asInt() < expected) {
      verdict =
          registered.get().asInt() + " of " + expected + " expected: check the agent configuration";
      tones.add(Tone.WARNING);
    } else {
      verdict = registered.get().asInt() + " of " + expected + " expected";
    }
    fields.add(new Block.Field("Registered jobs", verdict));
    fields.add(new Block.Field("Scheduled jobs", text(result, "jobsCount")));
    return fields;
  }

  /** The first few upcoming jobs; each is shown by its name (or id) and next run time. */
  private Optional<Block> nextJobs(ProbeResult result) {
    Optional<JsonNode> jobs = result.field("nextJobs");
    if (jobs.isEmpty() || !jobs.get().isArray() || jobs.get().isEmpty()) {
      return Optional.of(new Block.Context("No upcoming jobs reported."));
    }
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode job : jobs.get()) {
      if (rows.size() == config.nextJobsShown()) {
        break;
      }
      if (job.isObject()) {
        rows.add(
            List.of(
                first(job, "name", "id", "job_id"),
                first(job, "next_run_time", "next_run", "next_run_at")));
      } else {
        rows.add(List.of(job.asText(), "-"));
      }
    }
    return Optional.of(new Block.Table(List.of("NEXT JOB", "RUNS AT"), rows));
  }

  private static String first(JsonNode node, String... names) {
    for (String name : names) {
      JsonNode value = node.get(name);
      if (value != null && !value.isNull()) {
        return value.asText();
      }
    }
    return "-";
  }

  private static String text(ProbeResult result, String field) {
    return result.field(field).map(JsonNode::asText).orElse("-");
  }
}
