package dev.opsbot.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.chat.Block;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DigestChartTest {
  @Test
  void latencyChartDecodesAsAPngOfTheDeclaredSize() throws Exception {
    byte[] png =
        new DigestChart(DigestChart.Kind.LATENCY).render(DigestFixtures.report()).orElseThrow();

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));

    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(image.getWidth()).isEqualTo(DigestChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(DigestChart.HEIGHT);
  }

  @Test
  void availabilityChartIsDrawnToo() throws Exception {
    byte[] png =
        new DigestChart(DigestChart.Kind.AVAILABILITY)
            .render(DigestFixtures.report())
            .orElseThrow();

    assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(DigestChart.WIDTH);
  }

  @Test
  void theDigestCarriesTheChartAsAPngFileNamedByItsDay() {
    Block.File chart = DigestFixtures.digest().chart().orElseThrow();

    assertThat(chart.name()).isEqualTo("opsbot-digest-2026-11-25.png");
    assertThat(chart.mimeType()).isEqualTo("image/png");
    assertThat(chart.isImage()).isTrue();
  }
}
