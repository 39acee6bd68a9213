package dev.opsbot.intake;

import dev.opsbot.alert.AlertMessages;
import dev.opsbot.alert.ResponseListener;
import dev.opsbot.alert.StoredAlert;
import dev.opsbot.chat.Message;
import dev.opsbot.delivery.ThreadReplies;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a person acknowledges or snoozes an alert that came from Alertmanager, silences its group
 * there (until the snooze ends; for an acknowledgement, {@code intake.ackSilence} from now, not
 * renewed), and when a person resolves it, expires that silence: each once across replicas (claimed
 * in the database). A failure is logged and said in the alert's thread; the acknowledgement stands.
 * The silencer is called off the desk's thread, on {@code executor}.
 */
final class SilenceOnResponse implements ResponseListener {
  private static final Logger log = LoggerFactory.getLogger(SilenceOnResponse.class);

  private final SourceSilencer silencer;
  private final SilenceClaimStore claims;
  private final Set<String> sources;
  private final Duration ackSilence;
  private final ThreadReplies replies;
  private final Executor executor;
  private final Clock clock;

  SilenceOnResponse(
      SourceSilencer silencer,
      SilenceClaimStore claims,
      Set<String> alertmanagerSources,
      Duration ackSilence,
      ThreadReplies replies,
      Executor executor,
      Clock clock) {
    this.silencer = silencer;
    this.claims = claims;
    this.sources = Set.copyOf(alertmanagerSources);
    this.ackSilence = ackSilence;
    this.replies = replies;
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public void responded(StoredAlert alert, Kind kind, String by, Instant until) {
    String source = alert.ruleId().substring(0, Math.max(0, alert.ruleId().indexOf('/')));
    if (!sources.contains(source)) {
      return;
    }
    executor.execute(() -> {
      try {
        if (kind == Kind.RESOLVED) {
          expire(alert);
        } else {
          silence(alert, kind, by, until);
        }
      } catch (RuntimeException e) {
        log.error("event=source_silence_failed alert={} error=\"{}\"", alert.id(), e.toString());
      }
    });
  }

  private void silence(StoredAlert alert, Kind kind, String by, Instant snoozedUntil) {
    Instant now = clock.instant();
    Instant until =
        kind == Kind.SNOOZED && snoozedUntil != null ? snoozedUntil : now.plus(ackSilence);
    List<SilenceClaimStore.ToSilence> groups = claims.claimSilences(alert.id(), sources, now);
    for (SilenceClaimStore.ToSilence group : groups) {
      String comment =
          "opsbot alert "
              + alert.id()
              + " "
              + (kind == Kind.SNOOZED ? "snoozed" : "acknowledged")
              + " by "
              + by;
      try {
        String id = silencer.silence(group.labels(), until, by, comment);
        claims.silenced(group, id, until);
        log.info(
            "event=source_silenced alert={} source={} silence={}", alert.id(), group.source(), id);
        say(
            alert,
            "Silenced in "
                + group.source()
                + " until "
                + until.truncatedTo(ChronoUnit.MINUTES)
                + " ("
                + group.labels()
                + ", silence "
                + id
                + ")");
      } catch (IOException | RuntimeException e) {
        claims.unclaim(group);
        log.warn(
            "event=source_silence_failed alert={} source={} error=\"{}\"",
            alert.id(),
            group.source(),
            e.getMessage());
        say(
            alert,
            "Could not silence this in "
                + group.source()
                + " ("
                + e.getMessage()
                + "): it may notify again. The "
                + (kind == Kind.SNOOZED ? "snooze" : "acknowledgement")
                + " stands.");
      }
    }
  }

  private void expire(StoredAlert alert) {
    for (SilenceClaimStore.ToExpire silence : claims.claimExpiries(alert.id(), clock.instant())) {
      try {
        silencer.expire(silence.silenceId());
        log.info(
            "event=source_silence_expired alert={} silence={}", alert.id(), silence.silenceId());
        say(alert, "Expired silence " + silence.silenceId() + " in " + silence.source());
      } catch (IOException | RuntimeException e) {
        log.warn(
            "event=source_silence_expire_failed alert={} silence={} error=\"{}\"",
            alert.id(),
            silence.silenceId(),
            e.getMessage());
        say(
            alert,
            "Could not expire silence "
                + silence.silenceId()
                + " in "
                + silence.source()
                + " ("
                + e.getMessage()
                + "): it ends by itself at its end time.");
      }
    }
  }

  private void say(StoredAlert alert, String text) {
    if (alert.incidentId() == null || alert.channel() == null) {
      return;
    }
    replies.reply(
        alert.channel(),
        AlertMessages.parentKey(alert.incidentId()),
        "source-silence",
        Message.builder(text).text(text).build());
  }
}
