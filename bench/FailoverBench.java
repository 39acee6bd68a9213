import com.sun.net.httpserver.HttpServer;
import dev.opsbot.state.EmbeddedStateServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failover of a message in flight (issue 14): two replicas of {@code java -jar target/opsbot.jar
 * run} share one PostgreSQL (embedded, in this process) and one Slack channel ({@link
 * FailoverSlack}). Per trial a service goes down, its alert fires, and the channel holds the
 * parent's first chat.postMessage unanswered. The replica that claimed it ({@code
 * outbox.claimed_by} names its pid) is sent SIGKILL, or SIGTERM in the second series, and the clock
 * runs until the channel takes the message from the other replica. The stopped replica is then
 * started again and the next trial takes the next service.
 *
 * <p>Usage: {@code java -cp target/opsbot.jar:CLASSES FailoverBench --work DIR [--kill-trials 20]
 * [--term-trials 20] [--warmup 0]}. DIR holds the database, the replicas' configuration and logs,
 * and {@code pids} (the replicas' process ids, for the script's cleanup).
 */
public final class FailoverBench {
  private static final String SECRET = "bench-signing-secret-0123456789ab";
  private static final long TRIAL_LIMIT_S = 45;
  private static final int RENEW_EVERY_MS = 3_000;
  private static final long HELD_AT_MOST_MS = 4_000;
  private final java.util.Random random = new java.util.Random(20261204);

  private final Path work;
  private final EmbeddedStateServer postgres;
  private final FailoverSlack slack;
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final Replica[] replicas = new Replica[2];
  private final Connection db;

  /** One trial: times in ms from the signal; -1 where not seen. */
  record Trial(
      String signal,
      String victim,
      long heldForMs,
      double leaseLeftMs,
      double handedBackMs,
      double exitedMs,
      double claimedMs,
      double lookupMs,
      double postedMs,
      int lookups,
      int listCalls,
      String key) {}

  private FailoverBench(Path work) throws Exception {
    this.work = work;
    postgres = EmbeddedStateServer.start(work.resolve("pg"));
    slack = new FailoverSlack();
    db =
        DriverManager.getConnection(
            postgres.jdbcUrl(), postgres.user(), postgres.password().reveal());
  }

  public static void main(String[] args) throws Exception {
    int killTrials = 20;
    int termTrials = 20;
    int warmup = 0;
    Path work = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--kill-trials" -> killTrials = Integer.parseInt(args[++i]);
        case "--term-trials" -> termTrials = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (work == null) {
      work = Files.createTempDirectory("opsbot-failover");
    }
    // A pooled connection to the stand-ins must not be closed under a replica between trials.
    System.setProperty("sun.net.httpserver.idleInterval", "3600");
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Machine.print();
    FailoverBench bench = new FailoverBench(work);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::stop));
    try {
      bench.run(warmup, killTrials, termTrials);
      System.exit(0); // the shutdown hook stops the replicas and the database
    } catch (Exception e) {
      e.printStackTrace();
      System.out.println("replica logs were in " + work);
      System.exit(1);
    }
  }

  private void run(int warmup, int killTrials, int termTrials) throws Exception {
    HttpServer fleet = fleet();
    writeConfiguration(fleet.getAddress().getPort(), warmup + killTrials + termTrials);
    for (int slot = 0; slot < 2; slot++) {
      replicas[slot] = new Replica(slot == 0 ? "site-a" : "site-b", freePort());
      launch(slot);
    }
    for (Replica replica : replicas) {
      replica.awaitStarted();
    }
    System.out.println(
        "two replicas of target/opsbot.jar run; outbox lease 10 s renewed every 3 s, pass every 1"
            + " s");
    int service = 0;
    long began = System.nanoTime();
    List<Trial> kills = new ArrayList<>();
    List<Trial> terms = new ArrayList<>();
    for (int i = 0; i < warmup; i++) {
      print("warm-up", trial(true, ++service));
    }
    for (int i = 0; i < killTrials; i++) {
      kills.add(print("kill " + (i + 1), trial(true, ++service)));
    }
    for (int i = 0; i < termTrials; i++) {
      terms.add(print("term " + (i + 1), trial(false, ++service)));
    }
    System.out.printf(
        Locale.ROOT, "%d trials in %.0f s%n", service, (System.nanoTime() - began) / 1e9);
    summary("SIGKILL (kill -9)", kills);
    summary("SIGTERM", terms);
    fleet.stop(0);
  }

  /** Takes service {@code n} down, stops the replica that holds its alert's parent, times it. */
  private Trial trial(boolean kill, int n) throws Exception {
    // Both replicas up before the alert fires: the post must not wait in flight for a restart.
    for (Replica replica : replicas) {
      replica.awaitStarted();
    }
    awaitOutboxEmpty();
    FailoverSlack.Hold hold = slack.arm();
    down.add(service(n));
    FailoverSlack.Held held = hold.taken.get(60, TimeUnit.SECONDS);
    // The signal falls anywhere in the 3 s renewal cycle, as a crash would, not just after a claim.
    long signalAt = held.atNanos() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(RENEW_EVERY_MS));
    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(signalAt - System.nanoTime())));
    long heldForMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - held.atNanos());
    if (heldForMs > HELD_AT_MOST_MS) {
      // The holder's client gives up after 10 s (read timeout), and after SIGTERM the replica
      // waits 5 s for the send before handing it back: held longer, the timeout would come first.
      throw new IllegalStateException("the post was held " + heldForMs + " ms before the signal");
    }
    String claimedBy = null;
    long leaseUntil = 0;
    try (PreparedStatement row =
        db.prepareStatement(
            "SELECT claimed_by, next_attempt_at FROM opsbot.outbox WHERE idempotency_key = ?")) {
      row.setString(1, held.key());
      try (ResultSet rows = row.executeQuery()) {
        rows.next();
        claimedBy = rows.getString(1);
        leaseUntil = rows.getTimestamp(2).getTime();
      }
    }
    int victim = slotOf(claimedBy);
    if (!held.token().equals(replicas[victim].token())) {
      throw new IllegalStateException(
          "the held post came from " + held.token() + ", not " + claimedBy);
    }
    Replica survivor = replicas[1 - victim];
    AtomicLong exited = new AtomicLong(-1);
    long leaseLeftMs = leaseUntil - System.currentTimeMillis();
    long signalled = System.nanoTime();
    Process process = replicas[victim].process;
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    process.onExit().thenRun(() -> exited.set(System.nanoTime()));
    long handedBack = -1;
    long claimed = -1;
    long deadline = signalled + TimeUnit.SECONDS.toNanos(TRIAL_LIMIT_S);
    FailoverSlack.Posted posted;
    try (PreparedStatement row =
        db.prepareStatement(
            "SELECT claimed_by, state FROM opsbot.outbox WHERE idempotency_key = ?")) {
      row.setString(1, held.key());
      while ((posted = slack.posted(held.key()).orElse(null)) == null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              held.key() + " not in the channel " + TRIAL_LIMIT_S + " s after the signal");
        }
        try (ResultSet rows = row.executeQuery()) {
          rows.next();
          String by = rows.getString(1);
          long now = System.nanoTime();
          if (by == null && handedBack < 0 && claimed < 0 && rows.getString(2).equals("pending")) {
            handedBack = now;
          }
          if (by != null && !by.equals(claimedBy) && claimed < 0) {
            claimed = now;
          }
        }
        Thread.sleep(10);
      }
    }
    long postedAt = posted.atNanos();
    List<FailoverSlack.Call> lookups =
        slack.callsSince(signalled).stream()
            .filter(c -> survivor.token().equals(c.token()))
            .filter(c -> c.method().startsWith("conversations.") && c.atNanos() <= postedAt)
            .toList();
    if (!survivor.token().equals(posted.token())) {
      throw new IllegalStateException(held.key() + " was posted by " + posted.token());
    }
    hold.release();
    process.waitFor(30, TimeUnit.SECONDS);
    for (int i = 0; i < 100 && exited.get() < 0; i++) {
      Thread.sleep(10); // onExit's callback runs on the thread that reaped the process
    }
    Trial trial =
        new Trial(
            kill ? "SIGKILL" : "SIGTERM",
            replicas[victim].location(),
            heldForMs,
            leaseLeftMs,
            ms(handedBack, signalled),
            ms(exited.get(), signalled),
            // The 10 ms poll can see the claim after the first lookup it led to: the earlier one.
            ms(
                lookups.isEmpty() || (claimed >= 0 && claimed < lookups.getFirst().atNanos())
                    ? claimed
                    : lookups.getFirst().atNanos(),
                signalled),
            lookups.isEmpty() ? -1 : ms(lookups.getFirst().atNanos(), signalled),
            ms(postedAt, signalled),
            lookups.size(),
            (int) lookups.stream().filter(c -> c.method().equals("conversations.list")).count(),
            held.key());
    launch(victim); // as a supervisor would; the next trial waits until it has started
    return trial;
  }

  private static double ms(long nanos, long from) {
    return nanos < 0 ? -1 : (nanos - from) / 1e6;
  }

  private int slotOf(String claimedBy) {
    for (int slot = 0; slot < 2; slot++) {
      if (claimedBy != null && claimedBy.contains("/pid-" + replicas[slot].process.pid() + "/")) {
        return slot;
      }
    }
    throw new IllegalStateException("no running replica holds the post: claimed_by " + claimedBy);
  }

  /**
   * Until nothing is pending in the outbox. Services stay down after their trial: a resolution
   * would add a reply and an edit to send, and a worker may claim them in the batch of the next
   * parent, behind the post that is held.
   */
  private void awaitOutboxEmpty() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (PreparedStatement pending =
              db.prepareStatement("SELECT count(*) FROM opsbot.outbox WHERE state = 'pending'");
          ResultSet rows = pending.executeQuery()) {
        rows.next();
        if (rows.getLong(1) == 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the outbox did not empty within 30 s");
  }

  private static Trial print(String label, Trial t) {
    System.out.printf(
        Locale.ROOT,
        "%-8s %s %s: held %d ms, then signalled; lease left %s, handed back %s, exited %s, claimed"
            + " %s, first lookup %s, in the channel %s ms (lookups %d, of them conversations.list"
            + " %d)%n",
        label,
        t.signal(),
        t.victim(),
        t.heldForMs(),
        f(t.leaseLeftMs()),
        f(t.handedBackMs()),
        f(t.exitedMs()),
        f(t.claimedMs()),
        f(t.lookupMs()),
        f(t.postedMs()),
        t.lookups(),
        t.listCalls());
    return t;
  }

  private static String f(double ms) {
    return ms < 0 ? "-" : String.format(Locale.ROOT, "%.0f", ms);
  }

  private void summary(String title, List<Trial> trials) {
    if (trials.isEmpty()) {
      return;
    }
    System.out.printf(Locale.ROOT, "%n%s, %d trials (ms from the signal):%n", title, trials.size());
    System.out.printf(Locale.ROOT, "  %-52s %9s %9s %9s%n", "", "median", "worst", "best");
    boolean kill = trials.getFirst().signal().equals("SIGKILL");
    row("message in the channel (the figure)", trials, Trial::postedMs);
    if (kill) {
      row("lease left at the signal", trials, Trial::leaseLeftMs);
      row("claimed by the other replica", trials, Trial::claimedMs);
      row(
          "  of which after the lease ran out (next pass)",
          trials,
          t -> since(t.claimedMs(), t.leaseLeftMs()));
    } else {
      row("handed back (claimed_by cleared)", trials, Trial::handedBackMs);
      row("claimed by the other replica", trials, Trial::claimedMs);
      row(
          "  of which after the hand-back (next pass)",
          trials,
          t -> since(t.claimedMs(), t.handedBackMs()));
    }
    row(
        "claimed -> in the channel (history lookup, post)",
        trials,
        t -> since(t.postedMs(), t.claimedMs()));
    row("replica process gone", trials, Trial::exitedMs);
    long copies = trials.stream().filter(t -> slack.copies(t.key()) != 1).count();
    int lists = trials.stream().mapToInt(Trial::listCalls).sum();
    System.out.printf(
        Locale.ROOT,
        "  trials with a parent not exactly once in the channel: %d; conversations.list calls: %d;"
            + " victims: site-a %d, site-b %d%n",
        copies,
        lists,
        trials.stream().filter(t -> t.victim().equals("site-a")).count(),
        trials.stream().filter(t -> t.victim().equals("site-b")).count());
  }

  private static double since(double later, double earlier) {
    return later < 0 || earlier < 0 ? -1 : later - earlier;
  }

  private static void row(
      String label, List<Trial> trials, java.util.function.ToDoubleFunction<Trial> value) {
    double[] values = trials.stream().mapToDouble(value).filter(v -> v >= 0).sorted().toArray();
    if (values.length == 0) {
      System.out.printf(Locale.ROOT, "  %-52s %9s %9s %9s%n", label, "-", "-", "-");
      return;
    }
    int n = values.length;
    double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    System.out.printf(
        Locale.ROOT,
        "  %-52s %9.0f %9.0f %9.0f%s%n",
        label,
        median,
        values[n - 1],
        values[0],
        n == trials.size() ? "" : " (" + n + " of " + trials.size() + " seen)");
  }

  /** One replica's slot: where it probes from, its Slack token and HTTP port, its process. */
  private final class Replica {
    private final String location;
    private final int slackPort;
    private Process process;
    private Path log;
    private int incarnation;
    private boolean started;

    Replica(String location, int slackPort) {
      this.location = location;
      this.slackPort = slackPort;
    }

    String location() {
      return location;
    }

    String token() {
      return "xoxb-failover-" + location;
    }

    void launch() throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      log = work.resolve(location + "-" + (++incarnation) + ".log");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
      String extra = System.getenv("BENCH_REPLICA_OPTS");
      if (extra != null && !extra.isBlank()) {
        command.addAll(Arrays.asList(extra.trim().split("\\s+")));
      }
      command.addAll(
          List.of(
              "-jar",
              Path.of("target/opsbot.jar").toAbsolutePath().toString(),
              "run",
              "--config",
              "opsbot.yaml"));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(log.toFile());
      var env = builder.environment();
      env.put("SLACK_BOT_TOKEN", token());
      env.put("SLACK_SIGNING_SECRET", SECRET);
      env.put("SLACK_HTTP_PORT", String.valueOf(slackPort));
      env.put("SLACK_API_URL", slack.apiUrl());
      env.put("OPSBOT_STATE_DB_URL", postgres.jdbcUrl());
      env.put("OPSBOT_STATE_DB_USER", postgres.user());
      env.put("OPSBOT_STATE_DB_PASSWORD", postgres.password().reveal());
      env.put("OPSBOT_LOCATION", location);
      env.remove("OPSBOT_LOG_LEVEL");
      process = builder.start();
      started = false;
    }

    void awaitStarted() throws Exception {
      if (started) {
        return;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        String text = Files.exists(log) ? Files.readString(log) : "";
        if (!process.isAlive()) {
          throw new IllegalStateException(location + " exited at start:\n" + text);
        }
        if (text.contains("event=started")) {
          started = true;
          return;
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException(location + " did not start within 90 s; log " + log);
    }
  }

  private void launch(int slot) throws IOException {
    replicas[slot].launch();
    StringBuilder pids = new StringBuilder();
    for (Replica replica : replicas) {
      if (replica != null && replica.process != null) {
        pids.append(replica.process.pid()).append('\n');
      }
    }
    Files.writeString(work.resolve("pids"), pids);
  }

  private static String service(int n) {
    return String.format(Locale.ROOT, "svc-%02d", n);
  }

  /** Every service answers healthy, but those in {@code down}, which answer 503. */
  private HttpServer fleet() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String service = exchange.getRequestURI().getPath().split("/")[1];
            boolean isDown = down.contains(service);
            byte[] body =
                (isDown
                        ? "{\"status\":\"down\"}"
                        : "{\"status\":\"healthy\",\"version\":\"1.0.0\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(isDown ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
    return server;
  }

  /** Probing every second, a 1 s hold, one alert thread per alert, nothing that repeats. */
  private void writeConfiguration(int fleetPort, int services) throws IOException {
    StringBuilder list = new StringBuilder();
    for (int n = 1; n <= services; n++) {
      list.append(
          """
            - id: %1$s
              name: %1$s
              platform: render
              baseUrl: http://127.0.0.1:%2$d/%1$s
              healthPath: /health
          """
              .formatted(service(n), fleetPort));
    }
    Files.writeString(
        work.resolve("opsbot.yaml"),
        """
        probe:
          interval: 1s
          freshness: 1s
          failureThreshold: 1
          location: ${OPSBOT_LOCATION}
          timeouts:
            connect: 1s
            read: 1s
            overall: 2s
        admin:
          port: 0
        state:
          url: ${OPSBOT_STATE_DB_URL}
          user: ${OPSBOT_STATE_DB_USER}
          password: ${OPSBOT_STATE_DB_PASSWORD}
        services:
        %s\
        """
            .formatted(list));
    Files.createDirectories(work.resolve("alerts"));
    Files.writeString(
        work.resolve("alerts/rules.yaml"),
        """
        defaults:
          holdFor: 1s
          clearFor: 1s
          repeatEvery: 1h
          escalateAfter: 1h
          groupWithin: 0s
        routes:
          critical: "#ops"
        rules:
          - id: service-down
            summary: "{service} is down: {reason}"
            when:
              status: DOWN
            severity: critical
        """);
  }

  private static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  /** Replicas first (they write to the database), then the stand-ins and the database. */
  private void stop() {
    for (Replica replica : replicas) {
      if (replica != null && replica.process != null) {
        replica.process.destroyForcibly();
        try {
          replica.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    try {
      // Stopped: the script must not signal these ids, which the system may give to others.
      Files.deleteIfExists(work.resolve("pids"));
    } catch (IOException ignored) {
      // the script's cleanup then finds them gone
    }
    slack.close();
    try {
      db.close();
    } catch (Exception ignored) {
      // the database goes next anyway
    }
    postgres.close();
  }
}
