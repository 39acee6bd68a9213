package dev.opsbot.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.config.IntakeSource;
import dev.opsbot.state.StateUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /intake/alertmanager}, {@code /intake/alertmanager/<source>} and {@code
 * /intake/webhook/<source>}: authenticated before anything is parsed, bodies over the cap refused
 * unread (413), malformed ones answered 400 with what was wrong and nothing stored; 200 only once
 * every alert of the payload is stored, 503 (the source sends it again) when the state database or
 * the desk cannot take it now. No body and no secret is logged.
 */
public final class IntakeHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(IntakeHandler.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final IntakeSettings settings;
  private final AlertmanagerPayload alertmanager;
  private final WebhookPayload webhook;
  private final IntakeProcessor processor;

  IntakeHandler(IntakeSettings settings, IntakeRules rules, IntakeProcessor processor) {
    this.settings = settings;
    this.alertmanager = new AlertmanagerPayload(rules);
    this.webhook = new WebhookPayload(rules);
    this.processor = processor;
  }

  private record Answer(int code, String text) {}

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Answer answer;
    String source = "?";
    try {
      Optional<String> name = sourceName(exchange.getRequestURI().getPath());
      source = name.orElse("?");
      answer = answer(exchange, name);
    } catch (RuntimeException | StackOverflowError e) {
      log.error("event=intake_failed source={} error=\"{}\"", source, e.toString(), e);
      answer = new Answer(500, "opsbot could not take this payload; see its log");
    }
    if (answer.code() >= 400) {
      log.warn(
          "event=intake_refused source={} code={} reason=\"{}\"",
          source,
          answer.code(),
          answer.text());
    }
    send(exchange, answer);
  }

  private Answer answer(HttpExchange exchange, Optional<String> name) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      return new Answer(405, "use POST");
    }
    IntakeSource source = name.map(settings.sources()::get).orElse(null);
    if (source == null || !fits(exchange.getRequestURI().getPath(), source)) {
      return new Answer(404, "no such intake source: see intake.sources");
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && tooLong(length)) {
      return tooLarge();
    }
    if (!IntakeAuth.hmac(source)
        && !IntakeAuth.bearer(source, exchange.getRequestHeaders().getFirst("Authorization"))) {
      return new Answer(401, "missing or wrong bearer token");
    }
    byte[] body = BoundedBody.read(exchange.getRequestBody(), settings.maxBodyBytes());
    if (body == null) {
      return tooLarge();
    }
    if (IntakeAuth.hmac(source)
        && !IntakeAuth.signature(
            source, exchange.getRequestHeaders().getFirst(source.signatureHeader()), body)) {
      return new Answer(401, "missing or wrong signature in " + source.signatureHeader());
    }
    List<IntakeAlert> alerts;
    try {
      JsonNode root = parse(body);
      alerts =
          source.alertmanager()
              ? List.of(alertmanager.read(root, name.get(), source))
              : webhook.read(root, name.get(), source);
    } catch (PayloadProblem e) {
      return new Answer(400, e.getMessage());
    }
    return take(name.get(), alerts);
  }

  private Answer take(String source, List<IntakeAlert> alerts) {
    int stored = 0;
    int duplicates = 0;
    try {
      for (IntakeAlert alert : alerts) {
        switch (processor.take(alert)) {
          case STORED -> stored++;
          case DUPLICATE -> duplicates++;
          case NOT_STORED -> {
            return unavailable(stored, "the state database did not take it");
          }
        }
      }
    } catch (StateUnavailableException | IllegalStateException e) {
      return unavailable(stored, e.getMessage());
    }
    log.info(
        "event=intake_stored source={} alerts={} stored={} duplicates={}",
        source,
        alerts.size(),
        stored,
        duplicates);
    return new Answer(
        200, stored + " stored, " + duplicates + " already held, of " + alerts.size());
  }

  private static Answer unavailable(int stored, String why) {
    return new Answer(
        503,
        "not stored now ("
            + why
            + "); "
            + stored
            + " of the payload's alerts were: send it again, they are not duplicated");
  }

  private Answer tooLarge() {
    return new Answer(
        413, "the body is larger than intake.maxBodyKib (" + settings.maxBodyKib() + ")");
  }

  private boolean tooLong(String length) {
    try {
      return Long.parseLong(length.strip()) > settings.maxBodyBytes();
    } catch (NumberFormatException e) {
      return false; // the server refuses a malformed length itself
    }
  }

  private static JsonNode parse(byte[] body) throws PayloadProblem {
    if (body.length == 0) {
      throw new PayloadProblem("empty body: send the payload as JSON");
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw new PayloadProblem("empty body: send the payload as JSON");
      }
      return root;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new PayloadProblem(
          "malformed JSON" + where + ": " + Text.cut(e.getOriginalMessage(), 200));
    } catch (IOException e) {
      throw new PayloadProblem("unreadable body: " + e.getMessage());
    }
  }

  /** {@code /intake/alertmanager} is the source named alertmanager. */
  static Optional<String> sourceName(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length == 3 && parts[2].equals("alertmanager")) {
      return Optional.of("alertmanager");
    }
    if (parts.length == 4 && (parts[2].equals("alertmanager") || parts[2].equals("webhook"))) {
      return Optional.of(parts[3]);
    }
    return Optional.empty();
  }

  /** The alertmanager paths take Alertmanager sources only; webhook paths take any. */
  private static boolean fits(String path, IntakeSource source) {
    return !path.startsWith("/intake/alertmanager") || source.alertmanager();
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    try (exchange) {
      ObjectNode body = JSON.createObjectNode();
      body.put(
          answer.code() < 300 ? "status" : "error", answer.code() < 300 ? "stored" : answer.text());
      if (answer.code() < 300) {
        body.put("detail", answer.text());
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (answer.code() == 413 || answer.code() == 401) {
        exchange.getResponseHeaders().set("Connection", "close");
      }
      if (answer.code() == 503) {
        exchange.getResponseHeaders().set("Retry-After", "5");
      }
      exchange.sendResponseHeaders(answer.code(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
