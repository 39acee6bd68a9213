package dev.opsbot.intake;

import static dev.opsbot.intake.IntakeTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.alert.AlertStore;
import dev.opsbot.testing.TestStateDatabase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a careless or hostile sender can do to the intake: wrong tokens and signatures, huge bodies,
 * malformed JSON, a payload bad halfway through, a thousand copies of one alert through two
 * replicas, 500 alerts in one payload. Every answer names the problem and nothing is half stored.
 */
class IntakeAbuseIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestStateDatabase postgres;
  private IntakeTestSupport support;
  private IntakeReplica one;
  private IntakeReplica two;
  private AlertStore store;

  @BeforeEach
  void start() throws Exception {
    postgres = TestStateDatabase.start();
    support = new IntakeTestSupport(postgres.database());
    store = new AlertStore(postgres.database());
    one = replica();
  }

  private IntakeReplica replica() {
    return new IntakeReplica(
        postgres.database(), IntakeTestSupport.SETTINGS, new RecordingSilencer(), support.clock);
  }

  @AfterEach
  void stop() throws Exception {
    one.close();
    if (two != null) {
      two.close();
    }
    support.worker.close();
    postgres.close();
  }

  private void nothingStored() {
    assertThat(support.count("SELECT count(*) FROM intake_alerts")).isZero();
    assertThat(support.count("SELECT count(*) FROM alerts")).isZero();
    assertThat(support.count("SELECT count(*) FROM outbox")).isZero();
  }

  @Test
  void aWrongOrMissingTokenIsRefusedWithoutTheTokenInTheAnswer() {
    String body = resource("alertmanager-backend-firing.json");
    var wrong =
        support.post(one, "/intake/alertmanager", body, Map.of("Authorization", "Bearer nope"));
    var missing = support.post(one, "/intake/alertmanager", body, Map.of());
    var otherScheme =
        support.post(
            one, "/intake/alertmanager", body, Map.of("Authorization", "Basic " + "dXNlcjpwYXNz"));

    assertThat(List.of(wrong.code(), missing.code(), otherScheme.code())).containsOnly(401);
    assertThat(wrong.body()).contains("missing or wrong bearer token").doesNotContain("nope");
    nothingStored();
  }

  @Test
  void anHmacSourceTakesOnlyABodySignedWithItsKey() throws Exception {
    String body = "{\"id\":\"job-17\",\"title\":\"nightly backup failed\",\"level\":\"critical\"}";
    var unsigned = support.post(one, "/intake/webhook/signed", body, Map.of());
    var forged =
        support.post(
            one,
            "/intake/webhook/signed",
            body,
            Map.of("X-Signature", "sha256=" + "00".repeat(32)));
    var tampered =
        support.post(
            one,
            "/intake/webhook/signed",
            body.replace("failed", "ok"),
            Map.of("X-Signature", "sha256=" + sign(body)));
    assertThat(List.of(unsigned.code(), forged.code(), tampered.code())).containsOnly(401);
    nothingStored();

    var signed =
        support.post(
            one, "/intake/webhook/signed", body, Map.of("X-Signature", "sha256=" + sign(body)));
    assertThat(signed.code()).isEqualTo(200);
    assertThat(store.openAlerts())
        .singleElement()
        .satisfies(a -> assertThat(a.summary()).isEqualTo("nightly backup failed"));
  }

  private static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(IntakeTestSupport.KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aTenMegabyteBodyIsRefusedUnreadWith413() throws Exception {
    // Headers first, then the answer is read before any of the 10 MB is sent.
    try (Socket socket = new Socket("127.0.0.1", one.admin.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /intake/alertmanager HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + IntakeTestSupport.TOKEN
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + (10 * 1024 * 1024)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = statusLine(socket.getInputStream());
      assertThat(status).startsWith("HTTP/1.1 413");
    }
    // Chunked, without a length: read up to the cap and refused there.
    byte[] big = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    okhttp3.Request request =
        new okhttp3.Request.Builder()
            .url(one.url("/intake/alertmanager"))
            .header("Authorization", "Bearer " + IntakeTestSupport.TOKEN)
            .post(new ChunkedBody(big))
            .build();
    int code;
    try (okhttp3.Response response = support.http.newCall(request).execute()) {
      code = response.code();
    } catch (java.io.IOException e) {
      code = 413; // the server closed the connection after answering; the answer is below
    }
    assertThat(code).isEqualTo(413);
    nothingStored();
  }

  private static String statusLine(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      line.append((char) c);
    }
    return line.toString().strip();
  }

  /** A body sent chunked (no Content-Length). */
  private static final class ChunkedBody extends okhttp3.RequestBody {
    private final byte[] bytes;

    ChunkedBody(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public okhttp3.MediaType contentType() {
      return IntakeTestSupport.JSON;
    }

    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
      sink.write(bytes);
    }
  }

  @Test
  void malformedJsonAndMissingFieldsAre400NamingTheProblem() {
    var broken = support.post(one, "/intake/alertmanager", "{\"version\": \"4\", \"groupKey\": ");
    var notJson = support.post(one, "/intake/alertmanager", "hello");
    var noGroupKey =
        support.post(
            one,
            "/intake/alertmanager",
            resource("alertmanager-backend-firing.json").replace("\"groupKey\"", "\"groupKee\""));
    var badStatus =
        support.post(
            one,
            "/intake/alertmanager",
            resource("alertmanager-backend-firing.json")
                .replace(
                    "\"status\": \"firing\",\n  \"alerts\"",
                    "\"status\": \"burning\",\n  \"alerts\""));
    var nul =
        support.post(
            one,
            "/intake/alertmanager",
            resource("alertmanager-backend-firing.json")
                .replace("backend-1:9100", "backend\\u0000"));

    assertThat(broken.code()).isEqualTo(400);
    assertThat(broken.body()).contains("malformed JSON at line 1");
    assertThat(notJson.body()).contains("malformed JSON");
    assertThat(noGroupKey.code()).isEqualTo(400);
    assertThat(noGroupKey.body()).contains("groupKey: missing");
    assertThat(badStatus.body()).contains("'burning' is neither firing nor resolved");
    assertThat(nul.body()).contains("alerts[0].labels.instance: contains a NUL character");
    nothingStored();
  }

  @Test
  void aWebhookPayloadBadInItsLastAlertStoresNoneOfIt() throws Exception {
    ObjectNode body = (ObjectNode) JSON.readTree(resource("grafana-firing.json"));
    ObjectNode third = ((ObjectNode) body.withArray("alerts").get(0)).deepCopy();
    third.put("fingerprint", "ffff000011112222");
    third.withObject("annotations").removeAll();
    third.withObject("labels").remove("alertname");
    body.withArray("alerts").add(third);

    var answer = support.post(one, "/intake/webhook/grafana", body.toString());

    assertThat(answer.code()).isEqualTo(400);
    assertThat(answer.body())
        .contains("/alerts/2: no title at /annotations/summary or /labels/alertname");
    nothingStored();
  }

  @Test
  void withoutTheStateDatabaseTheAnswerIs503SoTheSourceSendsItAgain() throws Exception {
    postgres.stopServer();

    var answer =
        support.post(one, "/intake/alertmanager", resource("alertmanager-backend-firing.json"));

    assertThat(answer.code()).isEqualTo(503);
    assertThat(answer.body()).contains("not stored now").contains("send it again");
  }

  @Test
  void aThousandCopiesOfOneAlertThroughTwoReplicasMakeOneThread() throws Exception {
    two = replica();
    String body = resource("alertmanager-backend-firing.json");
    List<Future<Integer>> answers = new ArrayList<>();
    try (ExecutorService senders = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 1000; i++) {
        IntakeReplica to = i % 2 == 0 ? one : two;
        answers.add(senders.submit(() -> support.post(to, "/intake/alertmanager", body).code()));
      }
    }
    for (Future<Integer> answer : answers) {
      assertThat(answer.get()).isEqualTo(200);
    }
    support.worker.pass();

    assertThat(support.count("SELECT count(*) FROM alerts")).isEqualTo(1);
    assertThat(support.posts()).isEqualTo(1);
    assertThat(support.count("SELECT deliveries FROM intake_alerts")).isEqualTo(1000);
  }

  @Test
  void fiveHundredAlertsInOneAlertmanagerPayloadAreAllStoredAsOneGroup() throws Exception {
    ObjectNode body = (ObjectNode) JSON.readTree(resource("alertmanager-backend-firing.json"));
    ArrayNode alerts = body.putArray("alerts");
    for (int i = 0; i < 500; i++) {
      ObjectNode alert = alerts.addObject();
      alert.put("status", "firing");
      alert
          .putObject("labels")
          .put("alertname", "BackendHighErrorRate")
          .put("job", "backend")
          .put("severity", "critical")
          .put("instance", "backend-" + i + ":9100");
      alert.putObject("annotations").put("summary", "Backend 5xx rate above 5% for 5 minutes");
      alert.put("startsAt", "2026-12-04T08:58:30Z");
      alert.put("fingerprint", String.format("%016x", i));
    }
    body.put("truncatedAlerts", 20);

    var answer = support.post(one, "/intake/alertmanager", body.toString());
    support.worker.pass();

    assertThat(answer.code()).isEqualTo(200);
    assertThat(support.count("SELECT count(*) FROM intake_members")).isEqualTo(500);
    assertThat(store.openAlerts())
        .singleElement()
        .satisfies(a -> assertThat(a.value()).isEqualTo("500 firing (+20 not sent)"));
    assertThat(support.posts()).isEqualTo(1);
  }

  @Test
  void fiveHundredWebhookAlertsOfOneRuleShareOneThread() throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode alerts = body.putArray("alerts");
    for (int i = 0; i < 500; i++) {
      ObjectNode alert = alerts.addObject();
      alert.put("status", "firing");
      alert.putObject("labels").put("service", "svc-" + i).put("severity", "warning");
      alert.putObject("annotations").put("summary", "disk almost full on svc-" + i);
      alert.put("fingerprint", "fp-" + i);
    }

    var answer = support.post(one, "/intake/webhook/grafana", body.toString());
    support.worker.pass();

    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.body()).contains("500 stored");
    assertThat(store.openAlerts()).hasSize(500);
    assertThat(support.count("SELECT count(*) FROM intake_alerts")).isEqualTo(500);
    assertThat(support.posts()).isEqualTo(1);
  }
}
