package dev.opsbot.digest;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import java.util.Optional;

/**
 * Words a digest: a post read in thirty seconds (verdict, a few fields, the services that need a
 * look), and the rest in its thread.
 */
public final class DigestMessages {
  private final DigestChart chart;

  public DigestMessages(DigestChart chart) {
    this.chart = chart;
  }

  public Digest word(DigestReport report) {
    Optional<Block.File> picture =
        chart
            .render(report)
            .map(png ->
                Block.File.binary(
                    DigestChart.fileName(report),
                    "image/png",
                    png,
                    chart.title()
                        + " ("
                        + DigestChart.WIDTH
                        + "x"
                        + DigestChart.HEIGHT
                        + " PNG, "
                        + Math.max(1, png.length / 1024)
                        + " KiB)"));
    Message summary = DigestPost.post(report, picture.isPresent(), true);
    Message details = DigestThread.details(report);
    Message.Builder email = Message.builder(DigestPost.verdict(report));
    DigestPost.post(report, picture.isPresent(), false).blocks().forEach(email::add);
    picture.ifPresent(email::add);
    details.blocks().forEach(email::add);
    return new Digest(
        report, summary, details, picture, email.tone(DigestPost.tone(report)).build());
  }

  /** The preview: the post and its thread in one message, the chart named. */
  public static Message preview(Digest digest) {
    Message.Builder preview = Message.builder(digest.summary().fallbackText());
    digest.summary().blocks().forEach(preview::add);
    digest.chart().ifPresent(preview::add);
    digest.details().blocks().forEach(preview::add);
    return preview
        .tone(digest.summary().tone())
        .visibility(dev.opsbot.chat.Visibility.EPHEMERAL)
        .build();
  }
}
