package dev.opsbot.demo;

import dev.opsbot.chat.Message;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.Numbers;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.ClosestMatch;
import java.util.List;
import java.util.function.Consumer;

/** {@code /demo}: injects faults into the simulated fleet so anyone can watch opsbot react. */
public final class FaultCommand implements Command {
  private static final CommandSpec SPEC =
      new CommandSpec(
          "demo",
          "Break the simulated fleet on purpose (demo only); /demo alone lists the faults",
          List.of(
              Argument.optional("service", "a service id; aurea faults need none"),
              Argument.optional(
                  "fault",
                  "down, up, error, slow <ms>, aurea-stop, scheduler <jobs>,"
                      + " metrics k=v..., or reset")),
          CommandSpec.EVERYONE);

  private static final List<List<String>> FAULTS =
      List.of(
          List.of("/demo <service> down", "the service refuses connections"),
          List.of("/demo <service> error", "every request answers HTTP 500"),
          List.of("/demo <service> slow <ms>", "every answer waits that long"),
          List.of("/demo <service> up", "clears that service's faults"),
          List.of("/demo aurea-stop", "AUREA reports running: false"),
          List.of("/demo scheduler <jobs>", "the scheduler reports that many jobs (61 expected)"),
          List.of(
              "/demo <service> metrics error-rate=<pct> p99=<ms> db=<ms> memory=<pct>",
              "what /observability/metrics reports"),
          List.of("/demo reset", "the whole fleet healthy again"));
  private static final List<String> HEARTBEAT_FAULT =
      List.of(
          "/demo heartbeat stop|start",
          "the scheduler's heartbeat stops pinging (heartbeat-missed fires) or pings again");

  private final SimulatedFleet fleet;
  private final DemoHeartbeat heartbeat;

  public FaultCommand(SimulatedFleet fleet) {
    this(fleet, null);
  }

  /** With {@code /demo heartbeat stop|start} for the demo's pinging job. */
  public FaultCommand(SimulatedFleet fleet, DemoHeartbeat heartbeat) {
    this.fleet = fleet;
    this.heartbeat = heartbeat;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    List<String> words = request.arguments();
    if (words.isEmpty()) {
      List<List<String>> faults = new java.util.ArrayList<>(FAULTS);
      if (heartbeat != null) {
        faults.add(faults.size() - 1, HEARTBEAT_FAULT);
      }
      return Message.builder("Demo faults")
          .header("Faults you can inject")
          .table(List.of("COMMAND", "EFFECT"), faults)
          .context("Services: " + String.join(", ", fleet.serviceIds()))
          .build();
    }
    if (words.getFirst().equals("reset")) {
      fleet.reset();
      return done("The whole simulated fleet is healthy again.");
    }
    String first = words.getFirst();
    if (first.equals("heartbeat") && heartbeat != null) {
      return heartbeat(words.subList(1, words.size()));
    }
    boolean named = fleet.service(first).isPresent();
    String serviceId = named ? first : SimulatedFleet.AUREA_SERVICE;
    List<String> rest = named ? words.subList(1, words.size()) : words;
    if (rest.isEmpty()) {
      throw new UsageException("say which fault to inject into " + serviceId);
    }
    if (!named && !List.of("aurea-stop", "scheduler", "metrics").contains(first)) {
      String hint =
          ClosestMatch.among(fleet.serviceIds(), first)
              .map(m -> " Did you mean " + m + "?")
              .orElse("");
      throw new UsageException(
          "'" + first + "' is neither a service nor a fault." + hint + " /demo lists them");
    }
    SimulatedService service = fleet.service(serviceId).orElseThrow();
    String fault = rest.getFirst();
    List<String> values = rest.subList(1, rest.size());
    return switch (fault) {
      case "down" -> inject(service, f -> f.down = true, serviceId + " now refuses connections.");
      case "up" -> inject(service, f -> f.down = f.error = false, serviceId + " answers again.");
      case "error" -> inject(service, f -> f.error = true, serviceId + " now answers HTTP 500.");
      case "slow" -> {
        int millis = number(values, "slow <ms>", 0, 120_000);
        yield inject(
            service, f -> f.slowMillis = millis, serviceId + " now waits " + millis + " ms.");
      }
      case "aurea-stop" ->
          inject(service, f -> f.aureaRunning = false, "AUREA now reports running: false.");
      case "scheduler" -> {
        int jobs = number(values, "scheduler <jobs>", 0, 1000);
        yield inject(
            service, f -> f.schedulerJobs = jobs, "The scheduler now reports " + jobs + " jobs.");
      }
      case "metrics" -> metrics(service, values);
      default -> throw new UsageException("unknown fault '" + fault + "': /demo lists them");
    };
  }

  private Message heartbeat(List<String> rest) {
    String verb = rest.size() == 1 ? rest.getFirst() : "";
    return switch (verb) {
      case "stop" -> {
        heartbeat.pinging(false);
        yield Message.builder("The scheduler's heartbeat stopped pinging.")
            .text("The scheduler's heartbeat stopped pinging.")
            .context(
                "It is late 15 s after its last ping (every 10s, grace 5s); heartbeat-missed"
                    + " fires soon after. /health shows its last ping.")
            .build();
      }
      case "start" -> {
        heartbeat.pinging(true);
        yield Message.builder("The scheduler's heartbeat pings again.")
            .text("The scheduler's heartbeat pings again.")
            .context("heartbeat-missed resolves once it has been on time for 10 s.")
            .build();
      }
      default -> throw new UsageException("write it as /demo heartbeat stop, or start");
    };
  }

  private Message metrics(SimulatedService service, List<String> values) {
    if (values.isEmpty()) {
      throw new UsageException(
          "give at least one of error-rate=<pct> p99=<ms> db=<ms> memory=<pct>");
    }
    Consumer<FaultState> change = f -> {};
    for (String value : values) {
      String[] pair = value.split("=", 2);
      if (pair.length != 2) {
        throw new UsageException("'" + value + "' is not name=value, such as p99=1500");
      }
      double number = parse(pair[1], value);
      Consumer<FaultState> one =
          switch (pair[0]) {
            case "error-rate" -> f -> f.errorRatePercent = number;
            case "p99" -> f -> f.p99Millis = (int) number;
            case "db" -> f -> f.dbLatencyMillis = (int) number;
            case "memory" -> f -> f.memoryPercent = (int) number;
            default ->
                throw new UsageException(
                    "unknown metric '" + pair[0] + "': use error-rate, p99, db or memory");
          };
      change = change.andThen(one);
    }
    return inject(service, change, service.id() + " now reports " + String.join(" ", values) + ".");
  }

  private static double parse(String text, String whole) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UsageException("'" + whole + "' needs a number after =");
    }
  }

  private static int number(List<String> values, String form, int min, int max) {
    if (values.size() != 1) {
      throw new UsageException("write it as " + form);
    }
    try {
      int number = Numbers.parseInt(values.getFirst());
      if (number < min || number > max) {
        throw new UsageException(form + " takes a number from " + min + " to " + max);
      }
      return number;
    } catch (NumberFormatException e) {
      throw new UsageException("'" + values.getFirst() + "' is not a number: write it as " + form);
    }
  }

  private static Message inject(
      SimulatedService service, Consumer<FaultState> change, String what) {
    service.change(change::accept);
    return done(what);
  }

  private static Message done(String what) {
    return Message.builder(what)
        .text(what)
        .context("/health --fresh shows it now; background probes notice within one interval")
        .build();
  }
}
