package dev.opsbot.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LifecycleTest {
  private final List<String> events = new ArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger lifecycleLogs = (Logger) LoggerFactory.getLogger(Lifecycle.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    lifecycleLogs.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    lifecycleLogs.detachAppender(logs);
  }

  /** A component that records its start and stop. */
  private final class Part implements AutoCloseable {
    private final String name;

    Part(String name) {
      this.name = name;
    }

    void start() {
      events.add("start " + name);
    }

    @Override
    public void close() {
      events.add("stop " + name);
    }
  }

  /** Opens a component the way {@code AdminServer.start(...)} does: built means started. */
  private Part open(String name) {
    events.add("start " + name);
    return new Part(name);
  }

  @Test
  void componentsStopInTheReverseOrderOfStartingWhicheverWayTheyStarted() {
    Lifecycle lifecycle = new Lifecycle();
    Part desk = new Part("desk"); // built before the state database, started after it
    lifecycle.start("state", () -> open("state"));
    lifecycle.start("desk", desk::start, desk::close);
    Part admin = lifecycle.start("admin", () -> open("admin"));

    lifecycle.close();

    assertThat(admin.name).isEqualTo("admin");
    assertThat(events)
        .containsExactly(
            "start state", "start desk", "start admin", "stop admin", "stop desk", "stop state");
  }

  @Test
  void aStartThatFailsStopsWhatHadStartedLastFirstAndRethrows() {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.start("state", () -> open("state"));
    lifecycle.start("worker", () -> open("worker"));

    assertThatThrownBy(() ->
            lifecycle.start(
                "admin",
                () -> {
                  throw new IllegalStateException("the admin port 9090 is not free");
                }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the admin port 9090 is not free");

    assertThat(events).containsExactly("start state", "start worker", "stop worker", "stop state");
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "event=start_failed component=\"admin\" note=\"stopping what had started\"");
  }

  @Test
  void aComponentWhoseStartFailsHalfWayIsStoppedFirst() {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.start("state", () -> open("state"));
    Part desk = new Part("desk");

    assertThatThrownBy(() ->
            lifecycle.start(
                "desk",
                () -> {
                  desk.start();
                  throw new IllegalStateException("resume failed");
                },
                desk::close))
        .hasMessage("resume failed");

    assertThat(events).containsExactly("start state", "start desk", "stop desk", "stop state");
  }

  @Test
  void aFailureBetweenStartsStopsWhatStartUpHadStartedAndRethrows() {
    assertThatThrownBy(() ->
            Lifecycle.startUp(lifecycle -> {
              lifecycle.start("state", () -> open("state"));
              lifecycle.start("engine", () -> open("engine"));
              throw new IllegalArgumentException("two probes for backend");
            }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two probes for backend");

    assertThat(events).containsExactly("start state", "start engine", "stop engine", "stop state");
  }

  @Test
  void aStopThatFailsIsLoggedAndTheOthersStillStop() {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.start("state", () -> open("state"));
    lifecycle.start(
        "outbox worker",
        () -> events.add("start outbox worker"),
        () -> {
          throw new java.io.IOException("socket already closed");
        });
    lifecycle.start("admin", () -> open("admin"));

    lifecycle.close();

    assertThat(events)
        .containsExactly(
            "start state", "start outbox worker", "start admin", "stop admin", "stop state");
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "event=stop_failed component=\"outbox worker\""
                + " error=\"java.io.IOException: socket already closed\"");
  }

  @Test
  void stoppingTwiceStopsEachComponentOnce() {
    Lifecycle lifecycle = new Lifecycle();
    lifecycle.start("state", () -> open("state"));

    lifecycle.close();
    lifecycle.close();

    assertThat(events).containsExactly("start state", "stop state");
  }
}
