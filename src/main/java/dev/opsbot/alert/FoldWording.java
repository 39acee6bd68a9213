package dev.opsbot.alert;

import dev.opsbot.chat.Message;
import dev.opsbot.delivery.OutboxItem;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the root cause's thread says about the alerts folded into it, and when they leave it. */
final class FoldWording {
  private static final int NAMED = 30;

  private FoldWording() {}

  /** "Also affected (depends on supabase): erp, mrg, command-center": the parent edited too. */
  static List<OutboxItem> alsoAffected(
      AlertMessages messages, AlertThread thread, List<Incident> incidents) {
    String key = "alert-" + incidents.getFirst().id() + "/affected-" + thread.id();
    String names =
        incidents.stream()
            .limit(NAMED)
            .map(i -> i.key().service())
            .collect(Collectors.joining(", "));
    String more =
        incidents.size() > NAMED
            ? " and " + (incidents.size() - NAMED) + " more (/alerts lists them)"
            : "";
    String text =
        "Also affected (depends on "
            + thread.lead().key().service()
            + ", not paged on their own): "
            + names
            + more;
    return List.of(
        OutboxItem.update(
            key,
            thread.channel(),
            AlertMessages.parentKey(thread.id()),
            messages.parentMessage(thread)),
        reply(key + "/reply", thread, text));
  }

  /** Said in the old thread when a folded alert leaves it. */
  static OutboxItem onItsOwn(
      AlertThread old, Incident incident, String recovered, Optional<String> stillDown) {
    String service = incident.key().service();
    String text =
        stillDown
            .map(d ->
                recovered + " recovered; " + service + " is still down and now follows " + d + ".")
            .orElse(
                recovered
                    + " recovered but "
                    + service
                    + " is still down: it alerts on its own (alert "
                    + incident.id()
                    + ").");
    return reply("alert-" + incident.id() + "/unfolded-" + old.id(), old, text);
  }

  private static OutboxItem reply(String key, AlertThread thread, String text) {
    return OutboxItem.reply(
        key,
        thread.channel(),
        AlertMessages.parentKey(thread.id()),
        Message.builder(text).text(text).build());
  }
}
