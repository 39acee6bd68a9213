package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Slack's signing rules on the HTTP endpoint: a timestamp more than 5 minutes off in either
 * direction is refused, and a signed request is run once however often it is replayed.
 */
class SlackRequestSigningIT {
  private static SlackHttpFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new SlackHttpFixture();
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static final long TEN_YEARS = 3653L * 24 * 3600;

  @ParameterizedTest(name = "timestamp now {0} s")
  @ValueSource(longs = {361, -361, 3600, -3600, TEN_YEARS, -TEN_YEARS, 1L << 40, -(1L << 40)})
  void signedRequestMoreThanFiveMinutesOffIsRefusedAndNotRun(long offset) throws Exception {
    int before = fixture.counted.get();
    long timestamp = SlackHttpFixture.now() + offset;

    HttpResponse<String> response =
        fixture.signedAt(timestamp, fixture.slashCommand("/count", "" + offset));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body())
        .contains(offset > 0 ? "in the future" : "in the past")
        .contains("more than 5 minutes off is refused");
    assertThat(fixture.counted.get()).isEqualTo(before);
  }

  @ParameterizedTest(name = "timestamp now {0} s")
  @ValueSource(longs = {-290, -60, 0, 60, 290})
  void signedRequestWithinFiveMinutesEitherWayRuns(long offset) throws Exception {
    HttpResponse<String> response =
        fixture.signedAt(
            SlackHttpFixture.now() + offset, fixture.slashCommand("/count", "within " + offset));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("counted");
  }

  @Test
  void aReplayedSignedRequestRunsOnce() throws Exception {
    int before = fixture.counted.get();
    long timestamp = SlackHttpFixture.now() - 30;
    String body = fixture.slashCommand("/count", "replayed");

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      statuses.add(fixture.signedAt(timestamp, body).statusCode());
    }
    HttpResponse<String> again = fixture.signedAt(timestamp, body);

    assertThat(statuses).containsExactly(200, 401, 401, 401, 401, 401, 401, 401, 401, 401);
    assertThat(again.body()).contains("already received");
    assertThat(fixture.counted.get()).isEqualTo(before + 1);
  }

  @Test
  void aReplayWithTheSignatureInAnotherCaseOrPaddedIsStillAReplay() throws Exception {
    long timestamp = SlackHttpFixture.now();
    byte[] body = fixture.slashCommand("/count", "case").getBytes(StandardCharsets.UTF_8);
    String signature = SlackHttpFixture.sign(timestamp, body);
    String[] variants = {signature, signature.toUpperCase().replace("V0=", "v0="), " " + signature};

    List<Integer> statuses = new ArrayList<>();
    for (String variant : variants) {
      statuses.add(
          fixture
              .post(
                  body,
                  "Content-Type",
                  "application/x-www-form-urlencoded",
                  "X-Slack-Request-Timestamp",
                  Long.toString(timestamp),
                  "X-Slack-Signature",
                  variant)
              .statusCode());
    }

    assertThat(statuses).containsExactly(200, 401, 401);
  }

  @Test
  void theSameCommandSentTwiceBySlackIsTwoRequests() throws Exception {
    int before = fixture.counted.get();
    long timestamp = SlackHttpFixture.now();

    int first = fixture.signedAt(timestamp, fixture.slashCommand("/count", "")).statusCode();
    var second = fixture.commandFields("/count", "");
    second.put("trigger_id", "another.trigger");
    int other = fixture.signedAt(timestamp, SlackHttpFixture.form(second)).statusCode();

    assertThat(List.of(first, other)).containsExactly(200, 200);
    assertThat(fixture.counted.get()).isEqualTo(before + 2);
  }

  @Test
  void refusalsSayWhatIsWrongWithTheSignature() throws Exception {
    byte[] body = fixture.slashCommand("/count", "").getBytes(StandardCharsets.UTF_8);
    long now = SlackHttpFixture.now();
    String type = "application/x-www-form-urlencoded";

    var noTimestamp =
        fixture.post(
            body, "Content-Type", type, "X-Slack-Signature", SlackHttpFixture.sign(now, body));
    var noSignature =
        fixture.post(body, "Content-Type", type, "X-Slack-Request-Timestamp", "" + now);
    var wordTimestamp =
        fixture.post(
            body,
            "Content-Type",
            type,
            "X-Slack-Request-Timestamp",
            "soon",
            "X-Slack-Signature",
            SlackHttpFixture.sign(now, body));
    var otherBody =
        fixture.post(
            body,
            "Content-Type",
            type,
            "X-Slack-Request-Timestamp",
            "" + now,
            "X-Slack-Signature",
            SlackHttpFixture.sign(now, "other".getBytes(StandardCharsets.UTF_8)));

    assertThat(noTimestamp.statusCode()).isEqualTo(401);
    assertThat(noTimestamp.body()).contains("X-Slack-Request-Timestamp is missing");
    assertThat(noSignature.statusCode()).isEqualTo(401);
    assertThat(noSignature.body()).contains("X-Slack-Signature is missing");
    assertThat(wordTimestamp.statusCode()).isEqualTo(401);
    assertThat(wordTimestamp.body()).contains("not a number");
    assertThat(otherBody.statusCode()).isEqualTo(401);
    assertThat(otherBody.body()).contains("signature does not match");
  }
}
