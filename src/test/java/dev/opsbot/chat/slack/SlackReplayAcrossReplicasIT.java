package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.state.SeenOnceStore;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.TestStateDatabase;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas in Slack HTTP mode behind one load balancer share the state database: a signed
 * request captured on its way to one is refused by the other, and by either after a restart, within
 * its five minutes. Without the database, each replica still refuses replays to itself.
 */
class SlackReplayAcrossReplicasIT {
  private TestStateDatabase postgres;
  private StateDatabase database;
  private SeenOnceStore seen;

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    database = postgres.database();
    seen = new SeenOnceStore(database, Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    postgres.close();
  }

  private ReplayCheck shared() {
    return (signature, keepUntil) ->
        seen.firstTimeOrAssumeSo("slack-signature", signature, keepUntil);
  }

  @Test
  void aRequestReplayedToAnotherReplicaOrAfterARestartIsRefused() throws Exception {
    long timestamp = SlackHttpFixture.now() - 20;
    String body;
    try (SlackHttpFixture one = new SlackHttpFixture(shared());
        SlackHttpFixture two = new SlackHttpFixture(shared())) {
      body = one.slashCommand("/count", "once");
      HttpResponse<String> first = one.signedAt(timestamp, body);
      HttpResponse<String> replayedToTwo = two.signedAt(timestamp, body);

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(replayedToTwo.statusCode()).isEqualTo(401);
      assertThat(replayedToTwo.body()).contains("already received");
      assertThat(one.counted.get() + two.counted.get()).as("runs of the command").isEqualTo(1);
    }
    try (SlackHttpFixture restarted = new SlackHttpFixture(shared())) {
      HttpResponse<String> afterRestart = restarted.signedAt(timestamp, body);
      assertThat(afterRestart.statusCode()).isEqualTo(401);
      assertThat(restarted.counted.get()).isZero();
      // A new request still runs: only the replay is refused.
      assertThat(restarted.signed(restarted.slashCommand("/count", "new")).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void withTheStateDatabaseDownEachReplicaStillRefusesReplaysToItself() throws Exception {
    try (SlackHttpFixture one = new SlackHttpFixture(shared())) {
      postgres.stopServer();
      long timestamp = SlackHttpFixture.now();
      String body = one.slashCommand("/count", "while the database is down");

      assertThat(one.signedAt(timestamp, body).statusCode()).isEqualTo(200);
      assertThat(one.signedAt(timestamp, body).statusCode()).isEqualTo(401);
      assertThat(one.counted.get()).isEqualTo(1);
    }
  }
}
