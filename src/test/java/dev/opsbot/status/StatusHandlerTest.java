package dev.opsbot.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.opsbot.config.StatusPageSettings;
import dev.opsbot.testing.FakeClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The page over real HTTP on loopback: who may read it, and what it answers. */
class StatusHandlerTest {
  private static final String TOKEN = "status-token-5f1c9a7e2b";
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer server;

  private int serve(StatusPageSettings settings) throws Exception {
    StatusPage page =
        new StatusPage(
            settings,
            StatusFixtures.sources(StatusFixtures.services(), List.of()),
            new FakeClock(StatusFixtures.NOW));
    StatusHandler handler = new StatusHandler(page, settings.isPublic() ? null : settings.token());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    handler.routes().forEach(server::createContext);
    server.start();
    return server.getAddress().getPort();
  }

  private HttpResponse<String> get(int port, String path, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aPublicPageAnswersAnyoneWithHtmlAndJson() throws Exception {
    int port = serve(StatusFixtures.settings(false));

    HttpResponse<String> html = get(port, "/status", null);
    HttpResponse<String> json = get(port, "/status.json", null);

    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'");
    assertThat(html.body()).contains("Weathercraft ERP");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(json.body()).startsWith("{\"title\":\"BrainOps status\"");
  }

  @Test
  void aTokenPageRefusesRequestsWithoutTheRightToken() throws Exception {
    int port = serve(StatusFixtures.tokenSettings(TOKEN));

    for (HttpResponse<String> refused :
        List.of(
            get(port, "/status", null),
            get(port, "/status.json", "wrong-token"),
            get(port, "/status?token=" + TOKEN + "x", null),
            get(port, "/status.json?token=", null))) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
      assertThat(refused.body()).doesNotContain("Weathercraft").doesNotContain(TOKEN);
    }
  }

  @Test
  void aTokenPageAnswersTheBearerTokenOrTheQueryToken() throws Exception {
    int port = serve(StatusFixtures.tokenSettings(TOKEN));

    assertThat(get(port, "/status", TOKEN).statusCode()).isEqualTo(200);
    assertThat(get(port, "/status.json?token=" + TOKEN, null).body()).contains("Weathercraft ERP");
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    int port = serve(StatusFixtures.settings(false));

    assertThat(get(port, "/statusx", null).statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
