package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Malformed requests on the Slack HTTP endpoint, signed and unsigned: each gets a status that says
 * what was wrong (never a dropped connection), nothing of its body reaches the log, and the bot
 * answers a valid signed /health afterwards.
 */
class SlackMalformedRequestsIT {
  private static final String FORM = "application/x-www-form-urlencoded";
  private static SlackHttpFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new SlackHttpFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  /** What a request sends: how to send it, given the fixture. */
  @FunctionalInterface
  interface Send {
    HttpResponse<String> to(SlackHttpFixture fixture) throws Exception;
  }

  private static Arguments signedForm(String name, int status, String reason, String body) {
    return Arguments.of(name, status, reason, (Send) f -> f.signed(body));
  }

  private static Arguments signedCommand(
      String name, int status, String reason, Map<String, String> changes) {
    return Arguments.of(
        name,
        status,
        reason,
        (Send)
            f -> {
              Map<String, String> fields = f.commandFields("/health", "");
              changes.forEach((field, value) -> {
                if (value == null) {
                  fields.remove(field);
                } else {
                  fields.put(field, value);
                }
              });
              return f.signed(SlackHttpFixture.form(fields));
            });
  }

  private static final String GOOD_CLICK =
      "{\"type\":\"block_actions\",\"team\":{\"id\":\"T0001\",\"domain\":\"brainops\"},"
          + "\"user\":{\"id\":\"U0ONCALL\",\"username\":\"olga\",\"team_id\":\"T0001\"},"
          + "\"api_app_id\":\"A0001\",\"token\":\"legacy\",\"trigger_id\":\"1.2.3\","
          + "\"channel\":{\"id\":\"C0OPS\",\"name\":\"ops\"},"
          + "\"response_url\":\"http://127.0.0.1:9/respond/2\","
          + "\"actions\":[{\"type\":\"button\",\"action_id\":\"health.refresh\",\"block_id\":\"b1\","
          + "\"value\":\"backend\",\"text\":{\"type\":\"plain_text\",\"text\":\"Probe again\"},"
          + "\"action_ts\":\"1700000000.000200\"}]}";

  private static Arguments signedClick(String name, String reason, String payload) {
    return signedForm(name, 400, reason, SlackHttpFixture.form(Map.of("payload", payload)));
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        Arguments.of(
            "unsigned junk",
            401,
            "X-Slack-Request-Timestamp is missing",
            (Send) f -> f.post("junk\nlevel=ERROR forged".getBytes(StandardCharsets.UTF_8))),
        Arguments.of(
            "unsigned command",
            401,
            "missing",
            (Send)
                f ->
                    f.post(
                        f.slashCommand("/health", "").getBytes(StandardCharsets.UTF_8),
                        "Content-Type",
                        FORM)),
        Arguments.of(
            "GET",
            405,
            "POST only",
            (Send)
                f ->
                    f.http.send(
                        HttpRequest.newBuilder(f.endpoint()).GET().build(),
                        HttpResponse.BodyHandlers.ofString())),
        Arguments.of(
            "another path",
            404,
            "",
            (Send)
                f ->
                    f.http.send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + f.port() + "/admin"))
                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())),
        Arguments.of(
            "2 MB body",
            413,
            "larger than",
            (Send) f -> f.post(new byte[2 << 20], "Content-Type", FORM)),
        Arguments.of(
            "2 MB chunked body",
            413,
            "larger than",
            (Send)
                f ->
                    f.http.send(
                        HttpRequest.newBuilder(f.endpoint())
                            .header("Content-Type", FORM)
                            .POST(
                                HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new java.io.ByteArrayInputStream(new byte[2 << 20])))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())),
        Arguments.of(
            "50 MB body",
            413,
            "larger than",
            (Send) f -> f.post(new byte[50 << 20], "Content-Type", FORM)),
        signedForm("empty body", 400, "neither a slash command", ""),
        signedForm("unrelated form", 400, "neither a slash command", "a=b&c=d"),
        signedForm("bad percent escape", 400, "form encoding", "command=%2Fhealth&user_id=%zz"),
        signedForm("truncated escape", 400, "form encoding", "command=%2Fhealth&text=%2"),
        signedForm(
            "duplicate user_id",
            400,
            "more than once",
            "command=%2Fhealth&user_id=U1&user_id=U2&channel_id=C&response_url=http%3A%2F%2Fx"),
        Arguments.of(
            "JSON body",
            400,
            "application/x-www-form-urlencoded",
            (Send)
                f ->
                    f.signedAt(
                        SlackHttpFixture.now(),
                        "{\"type\":\"url_verification\",\"challenge\":\"x\"}"
                            .getBytes(StandardCharsets.UTF_8),
                        "application/json")),
        Arguments.of(
            "not UTF-8",
            400,
            "UTF-8",
            (Send)
                f ->
                    f.signedAt(
                        SlackHttpFixture.now(),
                        new byte[] {
                          'c', 'o', 'm', 'm', 'a', 'n', 'd', '=', (byte) 0xC3, (byte) 0x28
                        },
                        FORM)),
        signedCommand("command without user_id", 400, "user_id", Map.of("user_id", "")),
        signedCommand("command with blank user_id", 400, "user_id", Map.of("user_id", "  ")),
        signedCommand("command without channel_id", 400, "channel_id", Map.of("channel_id", "")),
        signedCommand(
            "command without response_url", 400, "response_url", Map.of("response_url", "")),
        signedCommand(
            "command that is no command name",
            400,
            "command",
            Map.of("command", "health\nlevel=ERROR forged")),
        signedClick("payload not JSON", "not JSON", "{not json"),
        signedClick("payload a JSON array", "JSON object", "[1,2]"),
        signedClick("payload a JSON string", "JSON object", "\"block_actions\""),
        signedClick("payload without type", "type", "{\"user\":{\"id\":\"U1\"}}"),
        signedClick("payload type a number", "type", GOOD_CLICK.replace("\"block_actions\"", "7")),
        signedClick(
            "unhandled interaction type",
            "block_actions",
            GOOD_CLICK.replace("\"block_actions\"", "\"view_submission\"")),
        signedClick(
            "user a string",
            "user.id",
            GOOD_CLICK.replace(
                "{\"id\":\"U0ONCALL\",\"username\":\"olga\",\"team_id\":\"T0001\"}",
                "\"U0ONCALL\"")),
        signedClick("user without id", "user.id", GOOD_CLICK.replace("\"id\":\"U0ONCALL\",", "")),
        signedClick(
            "user id a number", "user.id", GOOD_CLICK.replace("\"id\":\"U0ONCALL\"", "\"id\":42")),
        signedClick(
            "actions an object",
            "actions",
            GOOD_CLICK.replace("\"actions\":[", "\"actions\":{\"a\":").replace("}]}", "}}}")),
        signedClick(
            "actions empty",
            "actions",
            GOOD_CLICK.substring(0, GOOD_CLICK.indexOf("\"actions\"")) + "\"actions\":[]}"),
        signedClick(
            "action without action_id",
            "action_id",
            GOOD_CLICK.replace("\"action_id\":\"health.refresh\",", "")),
        signedClick(
            "action_id an array",
            "action_id",
            GOOD_CLICK.replace("\"health.refresh\"", "[\"health.refresh\"]")),
        signedClick(
            "channel a number",
            "channel",
            GOOD_CLICK.replace("{\"id\":\"C0OPS\",\"name\":\"ops\"}", "12")),
        signedClick(
            "response_url missing",
            "response_url",
            GOOD_CLICK.replace("\"response_url\":\"http://127.0.0.1:9/respond/2\",", "")),
        signedClick(
            "another field of the wrong type",
            "wrong type",
            GOOD_CLICK
                .replace("\"trigger_id\":\"1.2.3\"", "\"trigger_id\":{\"a\":[1]}")
                .replace("\"team\":{\"id\":\"T0001\",\"domain\":\"brainops\"}", "\"team\":[]")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("corpus")
  void malformedRequestGetsItsStatusAndTheBotStillAnswers(
      String name, int status, String reason, Send send) throws Exception {
    HttpResponse<String> response = send.to(fixture);

    assertThat(response.statusCode()).as(name).isEqualTo(status);
    assertThat(response.body()).as(name).contains(reason);
    HttpResponse<String> health = fixture.signed(fixture.slashCommand("/health", ""));
    assertThat(health.statusCode()).as("/health after " + name).isEqualTo(200);
  }

  @Test
  void junkAndOversizedRequestsLeaveNothingOfTheirBodiesInTheLog() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      String marker = "JUNKMARKER";
      byte[] big = new byte[900_000];
      Arrays.fill(big, (byte) 'x');
      byte[] junk =
          (marker + "\nlevel=ERROR logger=Forged event=forged\n").getBytes(StandardCharsets.UTF_8);
      byte[] junkBig = concat(junk, big);
      for (int i = 0; i < 20; i++) {
        fixture.post(junk);
        fixture.post(junkBig, "Content-Type", FORM);
        fixture.post(concat(junk, new byte[2 << 20]), "Content-Type", FORM);
        fixture.signed(marker + "=1&\npayload=" + marker);
        fixture.signed("payload=%7B%22type%22%3A%22" + marker + "%0Alevel%3DERROR%22%7D");
        fixture.post(
            junk,
            "Content-Type",
            "application/json",
            "X-Slack-Request-Timestamp",
            marker,
            "X-Slack-Signature",
            "v0=" + marker);
      }
      Thread.sleep(200);
    } finally {
      root.detachAppender(logs);
    }

    long logged = 0;
    for (ILoggingEvent event : logs.list) {
      String line = event.getFormattedMessage();
      logged += line.length();
      assertThat(line).doesNotContain("JUNKMARKER").doesNotContain("Forged").doesNotContain("\n");
    }
    assertThat(logged).as("characters logged for 120 junk requests").isLessThan(20_000);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Test
  void aBodyThatNeverEndsIsCutOffNotWaitedFor() throws Exception {
    // Content-Length promises more than is sent: the endpoint must answer or close in bounded time.
    try (var socket = new java.net.Socket("127.0.0.1", fixture.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
      socket
          .getOutputStream()
          .write(
              ("POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: "
                      + FORM
                      + "\r\nContent-Length: 1000\r\n\r\ncommand=")
                  .getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      byte[] answer = socket.getInputStream().readAllBytes();
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();

      assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 408");
      assertThat(seconds).isLessThan(15);
    }
  }
}
