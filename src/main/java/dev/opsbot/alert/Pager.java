package dev.opsbot.alert;

import dev.opsbot.alert.EscalationPolicies.Policy;
import dev.opsbot.alert.EscalationStore.Escalating;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.config.PolicyStep;
import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.mail.EmailChatSender;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.Person;
import dev.opsbot.oncall.Shift;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The messages of one page of an escalation policy: a reply in the alert's thread that says whom it
 * pages and why ("Paged <@U0ANA> (on call for primary): unacknowledged for 10 min, step 2 of 3."),
 * in the mention syntax of the thread's platform, and an e-mail to the step's addresses and the
 * paged people's when mail is set up. Who is on call is asked of the roster at the moment of the
 * page.
 */
final class Pager {
  private final OnCallRoster roster;
  private final boolean email;

  /**
   * @param email whether SMTP is set up: without it, pages are thread replies only
   */
  Pager(OnCallRoster roster, boolean email) {
    this.roster = roster;
    this.email = email;
  }

  /**
   * One page's messages.
   *
   * @param reachedNoOne the page named nobody and mailed nobody
   * @param nobodyOnCall its step's schedule had nobody on call
   */
  record Page(List<OutboxItem> items, boolean reachedNoOne, boolean nobodyOnCall) {}

  Page page(Escalating alert, Policy policy, int page, Instant at, String runbook) {
    PolicyStep step = policy.step(page);
    boolean discord = ChatAddress.isDiscord(alert.channel());
    List<String> named = new ArrayList<>(); // as the thread names them: mentions
    List<String> people = new ArrayList<>(); // as the e-mail names them
    Set<String> addresses = new LinkedHashSet<>(step.email());
    String nobody = null;
    if (step.schedule() != null) {
      Optional<Shift> shift = roster.current(step.schedule(), at);
      if (shift.isPresent()) {
        Person person = shift.get().person();
        named.add(mention(person, discord) + " (on call for " + step.schedule() + ")");
        people.add(person.name() + " (on call for " + step.schedule() + ")");
        addIfPresent(addresses, person.email());
      } else {
        nobody = "nobody is on call for " + step.schedule();
      }
    }
    if (step.person() != null) {
      roster
          .person(step.person())
          .ifPresent(person -> {
            named.add(mention(person, discord));
            people.add(person.name());
            addIfPresent(addresses, person.email());
          });
    }
    String group = discord ? step.discordRole() : step.slackGroup();
    if (group != null && !group.isBlank()) {
      named.add(group);
      people.add(discord ? "Discord role " + group : "Slack group " + group);
    }
    boolean mailed = email && !addresses.isEmpty();
    boolean reachedNoOne = named.isEmpty() && !mailed;
    boolean goesOn = reachedNoOne && nobody != null && page < policy.steps().size();
    String why = why(alert, policy, page, at, goesOn, mailed && !named.isEmpty());
    String key = "alert-" + alert.id() + "/page-" + page;
    List<OutboxItem> items = new ArrayList<>();
    String parent = AlertMessages.parentKey(alert.threadId());
    // In a thread several alerts share, a page says which of them it is about.
    String about = alert.threadId() == alert.id() ? "" : alert.service() + ": ";
    if (named.isEmpty()) {
      String whom =
          nobody != null
              ? capitalized(nobody)
              : mailed
                  ? "Paged by e-mail"
                  : "Nobody to page on " + (discord ? "Discord" : "Slack") + " at this step";
      String text = about + whom + ": " + why;
      items.add(
          OutboxItem.reply(key, alert.channel(), parent, Message.builder(text).text(text).build()));
    } else {
      String whom =
          about + "Paged " + String.join(", ", named) + (nobody == null ? "" : "; " + nobody);
      items.add(
          OutboxItem.reply(
              key,
              alert.channel(),
              parent,
              Message.builder(whom + ": " + why).page(whom + ":", why).build()));
    }
    if (mailed) {
      items.add(
          OutboxItem.post(
              key + "/email",
              EmailChatSender.channel(List.copyOf(addresses)),
              email(alert, policy, page, at, people, runbook)));
    }
    return new Page(items, reachedNoOne, nobody != null);
  }

  /** "unacknowledged for 10 min, step 2 of 3." and what comes of it. */
  private static String why(
      Escalating alert, Policy policy, int page, Instant at, boolean goesOn, boolean alsoMailed) {
    int steps = policy.steps().size();
    Duration unacknowledged = Duration.between(alert.firedAt(), at);
    StringBuilder why =
        new StringBuilder(
                unacknowledged.toSeconds() < 1
                    ? "just fired"
                    : "unacknowledged for " + HumanTime.span(unacknowledged))
            .append(", step ")
            .append(policy.stepNumber(page))
            .append(" of ")
            .append(steps);
    if (page > steps) {
      why.append(", repeat ").append(page - steps).append(" of ").append(policy.repeat());
    }
    why.append(alsoMailed ? " (also by e-mail)." : ".");
    if (goesOn) {
      why.append(" Going on to step ").append(page + 1).append(" now.");
    } else if (page == policy.pages()) {
      why.append(" No further pages.");
    }
    return why.toString();
  }

  private static Message email(
      Escalating alert, Policy policy, int page, Instant at, List<String> people, String runbook) {
    List<String> steps = Runbooks.steps(runbook);
    return Message.builder(alert.summary())
        .header("ESCALATED " + alert.summary())
        .text(
            "Unacknowledged for "
                + HumanTime.span(Duration.between(alert.firedAt(), at))
                + " on "
                + alert.service()
                + " (alert "
                + alert.id()
                + ", channel "
                + alert.channel()
                + "): step "
                + policy.stepNumber(page)
                + " of "
                + policy.steps().size()
                + " of policy "
                + policy.name()
                + (people.isEmpty() ? "." : ", paging " + String.join(", ", people) + "."))
        .text(steps.isEmpty() ? "No runbook attached." : "Runbook:\n" + String.join("\n", steps))
        .build();
  }

  private static String mention(Person person, boolean discord) {
    return discord ? person.discordMention() : person.slackMention();
  }

  private static void addIfPresent(Set<String> addresses, String address) {
    if (address != null && !address.isBlank()) {
      addresses.add(address);
    }
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
