package dev.opsbot.intake;

import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.config.IntakeSource;
import dev.opsbot.config.Secret;
import dev.opsbot.delivery.ChatRoutes;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** What the intake tests share: settings, a recording chat, HTTP on loopback, SQL counts. */
final class IntakeTestSupport {
  static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");
  static final String TOKEN = "intake-test-token-0123456789";
  static final String KEY = "hmac-test-key-9876543210";
  static final MediaType JSON = MediaType.get("application/json");

  static final IntakeSource.IntakeMapping GRAFANA =
      new IntakeSource.IntakeMapping(
          "/alerts",
          List.of("/annotations/summary", "/labels/alertname"),
          List.of("/labels/severity"),
          List.of("/labels/service", "/labels/job"),
          List.of("/fingerprint"),
          List.of("/status"),
          List.of("resolved"),
          "/labels");

  static final IntakeSettings SETTINGS =
      new IntakeSettings(
          Map.of(
              "alertmanager",
              new IntakeSource(
                  "alertmanager", "bearer", Secret.of(TOKEN), null, null, null, null, null),
              "grafana",
              new IntakeSource(
                  "webhook", "bearer", Secret.of(TOKEN), null, null, null, null, GRAFANA),
              "signed",
              new IntakeSource(
                  "webhook",
                  "hmac",
                  Secret.of(KEY),
                  "X-Signature",
                  null,
                  null,
                  null,
                  new IntakeSource.IntakeMapping(
                      null,
                      List.of("/title"),
                      List.of("/level"),
                      List.of("/service"),
                      List.of("/id"),
                      List.of("/state"),
                      List.of("ok", "resolved"),
                      null))),
          List.of(
              new IntakeSettings.IntakeRoute("team-db", Map.of("team", "db"), "#db-alerts", null)),
          null,
          Duration.ofHours(24),
          null);

  final FakeClock clock;
  final List<String> chat = new CopyOnWriteArrayList<>();
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
  final OutboxWorker worker;
  final StateDatabase state;

  IntakeTestSupport(StateDatabase state) {
    this(state, T0);
  }

  /** With the clock at {@code start}: a real Alertmanager refuses silences that ended already. */
  IntakeTestSupport(StateDatabase state, Instant start) {
    this.clock = new FakeClock(start);
    this.state = state;
    ChatRoutes routes = new ChatRoutes();
    routes.routeDefault(this::record);
    this.worker = new OutboxWorker(new OutboxStore(state), routes, clock);
  }

  private SendResult record(OutboxItem item) {
    String text = new PlainTextRenderer().render(item.message());
    chat.add(
        item.kind()
            + " "
            + item.channel()
            + " "
            + (item.parentRef() == null ? "" : item.parentRef() + " ")
            + text.strip());
    return new SendResult.Sent(item.kind() == OutboxItem.Kind.POST ? "m" + chat.size() : "r");
  }

  long posts() {
    return chat.stream().filter(line -> line.startsWith("POST ")).count();
  }

  record Answer(int code, String body) {}

  Answer post(IntakeReplica replica, String path, String body, Map<String, String> headers) {
    Request.Builder request =
        new Request.Builder().url(replica.url(path)).post(RequestBody.create(body, JSON));
    headers.forEach(request::header);
    try (Response response = http.newCall(request.build()).execute()) {
      return new Answer(response.code(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Answer post(IntakeReplica replica, String path, String body) {
    return post(replica, path, body, Map.of("Authorization", "Bearer " + TOKEN));
  }

  static String resource(String name) {
    try (InputStream in = IntakeTestSupport.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long count(String sql) {
    try (Connection connection = state.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  String text(String sql) {
    try (Connection connection = state.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
