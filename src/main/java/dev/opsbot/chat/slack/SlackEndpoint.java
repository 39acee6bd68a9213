package dev.opsbot.chat.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events}: the body read within its time and size, the signature checked on its
 * raw bytes before anything parses or logs it, then the form checked and handed to Bolt. Every
 * refusal is a status with a reason; no body is ever logged.
 */
final class SlackEndpoint extends Handler.Abstract {
  static final int MAX_BODY_BYTES = 1 << 20;
  private static final Logger log = LoggerFactory.getLogger(SlackEndpoint.class);
  private static final long LOG_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final App app;
  private final AppConfig config;
  private final SignedRequests signatures;
  private final Duration bodyTime;
  private final AtomicLong nextLogAt = new AtomicLong(System.nanoTime());
  private final AtomicInteger unlogged = new AtomicInteger();

  SlackEndpoint(App app, AppConfig config, SignedRequests signatures, Duration bodyTime) {
    this.app = app;
    this.config = config;
    this.signatures = signatures;
    this.bodyTime = bodyTime;
  }

  /** What the caller is told: a status, a content type and a body. */
  private record Answer(int status, String type, String body) {
    static Answer text(int status, String body) {
      return new Answer(status, "text/plain; charset=utf-8", body);
    }
  }

  @Override
  public boolean handle(
      Request request, org.eclipse.jetty.server.Response response, Callback done) {
    Answer answer;
    try {
      answer = answer(request, response);
    } catch (RuntimeException e) {
      // A request no check foresaw: an answer and a line, never the body, never a dropped call.
      log.error("event=slack_request_failed error=\"{}\"", e.getClass().getName());
      answer = Answer.text(500, "opsbot failed on this request; see its log");
    }
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.type());
    Content.Sink.write(response, true, answer.body(), done);
    return true;
  }

  private Answer answer(Request request, org.eclipse.jetty.server.Response response) {
    if (!SlackHttpServer.PATH.equals(Request.getPathInContext(request))) {
      return Answer.text(404, "not found: opsbot listens on " + SlackHttpServer.PATH);
    }
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      return Answer.text(405, "POST only");
    }
    try {
      byte[] body =
          BodyReader.read(request, MAX_BODY_BYTES, System.nanoTime() + bodyTime.toNanos());
      Optional<String> unsigned =
          signatures.refusal(
              request.getHeaders().get("X-Slack-Request-Timestamp"),
              request.getHeaders().get("X-Slack-Signature"),
              body);
      if (unsigned.isPresent()) {
        throw new Refusal(401, unsigned.get());
      }
      var slackRequest =
          SlackRequests.parse(
              request.getHeaders().get(HttpHeader.CONTENT_TYPE), utf8(body), headers(request));
      slackRequest.updateContext(config);
      slackRequest.setClientIpAddress(Request.getRemoteAddr(request));
      return run(slackRequest);
    } catch (Refusal refusal) {
      return refused(request, refusal.status(), refusal.getMessage());
    }
  }

  private static String utf8(byte[] body) throws Refusal {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new Refusal(400, "request body is not UTF-8");
    }
  }

  private Answer run(com.slack.api.bolt.request.Request<?> slackRequest) {
    Response response;
    try {
      response = app.run(slackRequest);
    } catch (Exception e) {
      log.error("event=slack_request_failed error=\"{}\"", LogSafe.text(e.toString()));
      return Answer.text(500, "opsbot failed on this request; see its log");
    }
    return new Answer(
        response.getStatusCode(),
        response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType(),
        response.getBody() == null ? "" : response.getBody());
  }

  private static RequestHeaders headers(Request request) {
    Map<String, List<String>> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers
          .computeIfAbsent(field.getLowerCaseName(), name -> new ArrayList<>())
          .add(field.getValue());
    }
    return new RequestHeaders(headers);
  }

  /**
   * The refusal, answered and logged in one line with its reason (never the body). At most one line
   * a second: a flood of junk costs a line a second, with the count of the others.
   */
  private Answer refused(Request request, int status, String reason) {
    long now = System.nanoTime();
    long next = nextLogAt.get();
    if (now - next >= 0 && nextLogAt.compareAndSet(next, now + LOG_EVERY_NANOS)) {
      log.warn(
          "event=slack_request_refused status={} remote={} reason=\"{}\" also_refused_unlogged={}",
          status,
          Request.getRemoteAddr(request),
          LogSafe.text(reason),
          unlogged.getAndSet(0));
    } else {
      unlogged.incrementAndGet();
    }
    return Answer.text(status, reason);
  }
}
