package dev.opsbot.rollback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A provider API on a MockWebServer answering by method and path: each route has a queue of
 * answers, the last of which repeats; every request is kept for assertions. A route can be held
 * shut until a test opens it (a rollback that stays in progress).
 */
final class ScriptedApi extends Dispatcher {
  private final Map<String, Deque<MockResponse>> routes = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  /** Answers {@code "GET /v1/services/srv-1/deploys"} with these, in order, the last repeating. */
  ScriptedApi on(String route, MockResponse... answers) {
    routes.put(route, new ArrayDeque<>(List.of(answers)));
    return this;
  }

  /** Holds requests of a route until the returned latch is counted down. */
  CountDownLatch hold(String route) {
    CountDownLatch gate = new CountDownLatch(1);
    gates.put(route, gate);
    return gate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    requests.add(request);
    String route = request.getMethod() + " " + request.getUrl().encodedPath();
    CountDownLatch gate = gates.get(route);
    if (gate != null) {
      gate.await(30, TimeUnit.SECONDS);
    }
    Deque<MockResponse> answers = routes.get(route);
    if (answers == null || answers.isEmpty()) {
      return Fixtures.json(404, "{\"message\":\"unscripted route " + route + "\"}");
    }
    synchronized (answers) {
      return answers.size() > 1 ? answers.poll() : answers.peek();
    }
  }

  /** The requests made to one route, in order. */
  List<RecordedRequest> requests(String route) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest request : requests) {
      if ((request.getMethod() + " " + request.getUrl().encodedPath()).equals(route)) {
        matching.add(request);
      }
    }
    return matching;
  }

  List<RecordedRequest> all() {
    return List.copyOf(requests);
  }
}
