package dev.opsbot.chat.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * HTTP mode: {@code POST /slack/events} on Jetty, with bounds that hold against slow and numerous
 * clients: a connection must deliver its headers within {@link Limits#headers()} and its body
 * within {@link Limits#body()}, at most {@link Limits#maxConnections()} are open at once (the
 * others wait in the kernel's queue, holding no file descriptor of opsbot's), and each serves one
 * request.
 */
final class SlackHttpServer implements AutoCloseable {
  static final String PATH = "/slack/events";

  /**
   * How long a client may take and how many may be connected. Slack sends a request in well under a
   * second and waits 3 s for the answer; whoever takes longer is not Slack.
   */
  record Limits(Duration headers, Duration body, Duration idle, int maxConnections) {
    static final Limits DEFAULT =
        new Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 512);
  }

  private final Server server;
  private final ServerConnector connector;

  private SlackHttpServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  static SlackHttpServer start(App app, AppConfig config, int port, Limits limits) {
    return start(app, config, port, limits, ReplayCheck.THIS_REPLICA_ONLY);
  }

  static SlackHttpServer start(
      App app, AppConfig config, int port, Limits limits, ReplayCheck replays) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("slack-http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    server.setStopTimeout(1000);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    // One request per connection: the header deadline then bounds every request, not only the
    // first one of a kept-alive connection.
    http.setPersistentConnectionsEnabled(false);
    http.setDelayDispatchUntilContent(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setPort(port);
    connector.setIdleTimeout(limits.idle().toMillis());
    HeaderDeadline deadline = new HeaderDeadline(server.getScheduler(), limits.headers());
    connector.addBean(deadline);
    server.addConnector(connector);
    NetworkConnectionLimit cap = new NetworkConnectionLimit(limits.maxConnections(), connector);
    // At the cap, a connection quiet for a second goes: room for the next client sooner.
    cap.setEndPointIdleTimeout(1000);
    server.addBean(cap);

    SignedRequests signatures =
        new SignedRequests(config.getSigningSecret(), Clock.systemUTC(), replays);
    server.setHandler(
        new Handler.Wrapper(new SlackEndpoint(app, config, signatures, limits.body())) {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            deadline.met(request.getConnectionMetaData().getConnection());
            return super.handle(request, response, callback);
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BindException bind) {
          throw new UncheckedIOException(
              "SLACK_HTTP_PORT "
                  + port
                  + " is not free ("
                  + bind.getMessage()
                  + "): choose another",
              bind);
        }
      }
      throw new IllegalStateException("the Slack HTTP endpoint did not start: " + e, e);
    }
    return new SlackHttpServer(server, connector);
  }

  int port() {
    return connector.getLocalPort();
  }

  /** Connections open now (for tests of the cap). */
  int openConnections() {
    return connector.getConnectedEndPoints().size();
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping is best effort: the process is leaving or the test is over.
    }
  }

  /** Closes a connection whose request headers have not arrived within the time. */
  private static final class HeaderDeadline implements Connection.Listener {
    private final Scheduler scheduler;
    private final Duration time;
    private final Map<Connection, Scheduler.Task> waiting = new ConcurrentHashMap<>();

    HeaderDeadline(Scheduler scheduler, Duration time) {
      this.scheduler = scheduler;
      this.time = time;
    }

    @Override
    public void onOpened(Connection connection) {
      waiting.put(
          connection,
          scheduler.schedule(
              () -> {
                if (waiting.remove(connection) != null) {
                  connection.getEndPoint().close();
                }
              },
              time.toMillis(),
              TimeUnit.MILLISECONDS));
    }

    @Override
    public void onClosed(Connection connection) {
      met(connection);
    }

    /** The headers are in: from here the body's own deadline applies. */
    void met(Connection connection) {
      Scheduler.Task task = waiting.remove(connection);
      if (task != null) {
        task.cancel();
      }
    }
  }
}
