package dev.opsbot.oncall;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * One compiled schedule of {@code config/oncall.yaml}: its layers (a later one wins wherever it
 * covers), the channel its hand-overs are posted to, the Slack user group kept in step with it, and
 * its time zone (its {@code timeZone}: how times of it are shown and typed in chat).
 */
public record Schedule(
    String id, String channel, String slackUserGroup, List<Layer> layers, ZoneId zone) {
  public Schedule {
    layers = List.copyOf(layers);
  }

  /** Who the layers put on call at {@code at}, and which layer: the last one covering it. */
  Optional<LayerPick> layerAt(Instant at) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer layer = layers.get(i);
      Optional<Person> person = layer.at(at);
      if (person.isPresent()) {
        return Optional.of(new LayerPick(person.get(), layer.name()));
      }
    }
    return Optional.empty();
  }

  record LayerPick(Person person, String layer) {}
}
