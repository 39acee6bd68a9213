package dev.opsbot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.slack.RetryPolicy;
import dev.opsbot.chat.slack.SlackDelivery;
import dev.opsbot.chat.slack.SlackOutboxSender;
import dev.opsbot.config.SmtpSettings;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import dev.opsbot.mail.EmailChatSender;
import dev.opsbot.mail.SmtpMailer;
import dev.opsbot.testing.FakeClock;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * A digest leaves opsbot two ways: its chart through Slack's external upload flow into the digest's
 * thread (against MockWebServer speaking Slack's documented answers), and the whole digest as an
 * HTML email with the chart inline (through GreenMail's SMTP server).
 */
class DigestDeliveryTest {
  private final Digest digest = DigestFixtures.digest();

  @Test
  void chartIsUploadedIntoTheDigestThreadWithGetUploadUrlThenComplete() throws Exception {
    Block.File chart = digest.chart().orElseThrow();
    try (MockWebServer slack = new MockWebServer()) {
      slack.start();
      String uploadUrl = slack.url("/upload/v1/CHART1").toString();
      slack.enqueue(
          json("{\"ok\":true,\"upload_url\":\"" + uploadUrl + "\",\"file_id\":\"F0CHART\"}"));
      slack.enqueue(
          new MockResponse.Builder().code(200).body("OK - " + chart.bytes().length).build());
      slack.enqueue(
          json(
              "{\"ok\":true,\"files\":[{\"id\":\"F0CHART\",\"title\":\"" + chart.name() + "\"}]}"));
      SlackConfig config = new SlackConfig();
      config.setMethodsEndpointUrlPrefix(slack.url("/api/").toString());
      config.setStatsEnabled(false);
      SlackOutboxSender sender =
          new SlackOutboxSender(
              new SlackDelivery(
                  Slack.getInstance(config).methods("xoxb-test-token"),
                  new FakeClock(),
                  wait -> {},
                  new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))));
      // As DigestPublisher enqueues it: a reply of the post, whose ref carries channel id and ts.
      OutboxItem item =
          new OutboxItem(
              7,
              "digest:#ops-daily:2026-11-25:chart",
              "#ops-daily",
              OutboxItem.Kind.REPLY,
              "digest:#ops-daily:2026-11-25",
              Message.builder(chart.summary()).add(chart).build(),
              0,
              "C0DAILY/1700000000.000100");

      SendResult result = sender.send(item);

      assertThat(result).isEqualTo(new SendResult.Sent("F0CHART"));
      RecordedRequest getUrl = slack.takeRequest();
      assertThat(getUrl.getUrl().encodedPath()).isEqualTo("/api/files.getUploadURLExternal");
      assertThat(form(getUrl))
          .containsEntry("filename", "opsbot-digest-2026-11-25.png")
          .containsEntry("length", Integer.toString(chart.bytes().length));
      RecordedRequest bytes = slack.takeRequest();
      assertThat(bytes.getUrl().encodedPath()).isEqualTo("/upload/v1/CHART1");
      assertThat(bytes.getBody().toByteArray()).isEqualTo(chart.bytes());
      RecordedRequest complete = slack.takeRequest();
      assertThat(complete.getUrl().encodedPath()).isEqualTo("/api/files.completeUploadExternal");
      assertThat(form(complete))
          .containsEntry("channel_id", "C0DAILY")
          .containsEntry("thread_ts", "1700000000.000100");
      assertThat(form(complete).get("files")).contains("F0CHART");
      assertThat(slack.getRequestCount()).isEqualTo(3);
    }
  }

  @Test
  void emailIsHtmlWithTheChartInline() throws Exception {
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      EmailChatSender sender =
          new EmailChatSender(
              new SmtpMailer(
                  new SmtpSettings(
                      "127.0.0.1",
                      smtp.getSmtp().getPort(),
                      null,
                      null,
                      "opsbot@example.com",
                      false,
                      Duration.ofSeconds(5))));

      SendResult result =
          sender.send(
              OutboxItem.post(
                  "digest:#ops-daily:2026-11-25:email",
                  "email:managers@example.com",
                  digest.email()));

      assertThat(result).isInstanceOf(SendResult.Sent.class);
      MimeMessage[] received = smtp.getReceivedMessages();
      assertThat(received).hasSize(1);
      MimeMessage mail = received[0];
      assertThat(mail.getSubject()).isEqualTo("Daily digest · Wednesday 25 November 2026");
      Multipart related = (Multipart) mail.getContent();
      assertThat(related.getContentType()).startsWith("multipart/related");
      Multipart alternative = (Multipart) related.getBodyPart(0).getContent();
      String html = (String) alternative.getBodyPart(1).getContent();
      assertThat(html)
          .contains("Needs attention: backend 98.50%; 1 open alert")
          .contains("<img src=\"cid:image1@opsbot\"")
          .contains("<td>backend</td>");
      String text = (String) alternative.getBodyPart(0).getContent();
      assertThat(text).contains("Needs attention: backend 98.50%");
      BodyPart picture = related.getBodyPart(1);
      assertThat(picture.getContentType()).startsWith("image/png");
      assertThat(((jakarta.mail.internet.MimeBodyPart) picture).getContentID())
          .isEqualTo("<image1@opsbot>");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      picture.getDataHandler().writeTo(bytes);
      assertThat(bytes.toByteArray()).isEqualTo(digest.chart().orElseThrow().bytes());
    } finally {
      smtp.stop();
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  private static Map<String, String> form(RecordedRequest request) {
    Map<String, String> form = new LinkedHashMap<>();
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    List<String> pairs = new ArrayList<>(List.of(body.split("&")));
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }
}
