package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.probe.HealthCommand;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeListener;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode against local fakes: apps.connections.open (MockWebServer) hands out a loopback
 * WebSocket, whose server says hello and sends a slash-command envelope; the bot must connect with
 * the app token and acknowledge the envelope with the command's answer.
 */
class SlackSocketModeIT {

  /** A stand-in for Slack's Socket Mode endpoint: records what the bot sends back. */
  private static final class FakeSocketModeServer extends WebSocketServer {
    final CountDownLatch started = new CountDownLatch(1);
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final String envelope;

    FakeSocketModeServer(String envelope) {
      super(new InetSocketAddress("127.0.0.1", 0));
      this.envelope = envelope;
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
      socket.send(
          "{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"local\"},"
              + "\"connection_info\":{\"app_id\":\"A0001\"}}");
      socket.send(envelope);
    }

    @Override
    public void onMessage(WebSocket socket, String message) {
      received.add(message);
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {}

    @Override
    public void onError(WebSocket socket, Exception e) {}

    @Override
    public void onStart() {
      started.countDown();
    }
  }

  @Test
  void connectsWithTheAppTokenAndAcknowledgesASlashCommandEnvelope() throws Exception {
    String envelope =
        "{\"envelope_id\":\"57d6a792-4d35-4d0b-b6aa-3361493e1caf\",\"type\":\"slash_commands\","
            + "\"accepts_response_payload\":true,\"payload\":{\"token\":\"legacy\","
            + "\"team_id\":\"T0001\",\"team_domain\":\"brainops\",\"channel_id\":\"C0OPS\","
            + "\"channel_name\":\"ops\",\"user_id\":\"U0ONCALL\",\"user_name\":\"olga\","
            + "\"command\":\"/help\",\"text\":\"\",\"api_app_id\":\"A0001\","
            + "\"response_url\":\"http://127.0.0.1:9/respond\",\"trigger_id\":\"1.2.3\"}}";
    FakeSocketModeServer socketServer = new FakeSocketModeServer(envelope);
    socketServer.start();
    assertThat(socketServer.started.await(10, TimeUnit.SECONDS)).isTrue();
    BlockingQueue<RecordedRequest> opened = new LinkedBlockingQueue<>();
    MockWebServer slack = new MockWebServer();
    slack.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().endsWith("/apps.connections.open")) {
              opened.add(request);
              return new MockResponse.Builder()
                  .addHeader("Content-Type", "application/json")
                  .body(
                      "{\"ok\":true,\"url\":\"ws://127.0.0.1:"
                          + socketServer.getPort()
                          + "/link\"}")
                  .build();
            }
            if (request.getUrl().encodedPath().endsWith("/auth.test")) {
              return new MockResponse.Builder()
                  .addHeader("Content-Type", "application/json")
                  .body(
                      "{\"ok\":true,\"url\":\"https://brainops.slack.com/\",\"team\":\"BrainOps\","
                          + "\"user\":\"opsbot\",\"team_id\":\"T0001\",\"user_id\":\"U0BOT\","
                          + "\"bot_id\":\"B0001\"}")
                  .build();
            }
            return new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body(
                    "{\"ok\":true,\"user\":{\"id\":\"U0ONCALL\",\"name\":\"olga\","
                        + "\"profile\":{\"display_name\":\"olga\"}}}")
                .build();
          }
        });
    slack.start();
    ProbeEngine engine =
        new ProbeEngine(List.of(), ProbeSettings.DEFAULT, Clock.systemUTC(), ProbeListener.NONE);
    CommandRouter router =
        CommandRouter.withHelp(List.of(new HealthCommand(engine, Clock.systemUTC())));
    SlackSettings settings =
        SlackSettings.fromEnvironment(
                Map.of(
                    "SLACK_BOT_TOKEN", "xoxb-test-token-0000",
                    "SLACK_APP_TOKEN", "xapp-1-A0001-test",
                    "SLACK_API_URL", slack.url("/api/").toString()))
            .orElseThrow();

    try (SlackBot bot = SlackBot.start(settings, router)) {
      RecordedRequest open = opened.poll(15, TimeUnit.SECONDS);
      assertThat(open).as("apps.connections.open called").isNotNull();
      assertThat(open.getHeaders().get("Authorization")).isEqualTo("Bearer xapp-1-A0001-test");

      String ack = socketServer.received.poll(15, TimeUnit.SECONDS);

      assertThat(ack).as("the envelope is acknowledged").isNotNull();
      assertThat(ack)
          .contains("\"envelope_id\":\"57d6a792-4d35-4d0b-b6aa-3361493e1caf\"")
          .contains("opsbot commands");
      assertThat(bot.httpPort()).isEqualTo(-1);
    } finally {
      engine.close();
      slack.close();
      socketServer.stop(1000);
    }
  }
}
