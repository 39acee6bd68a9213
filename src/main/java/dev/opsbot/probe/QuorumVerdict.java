package dev.opsbot.probe;

import java.util.List;

/**
 * Whether a target counts as down, decided across the locations that saw it lately: down when at
 * least {@code quorum} of them see it down, or all of them when fewer than {@code quorum} are
 * probing. One location's broken network then pages no one.
 *
 * @param sightings this location's first, then the others by name; each location once
 */
public record QuorumVerdict(ProbeKey key, List<LocationSighting> sightings, int quorum) {

  public QuorumVerdict {
    sightings = List.copyOf(sightings);
  }

  public int locations() {
    return sightings.size();
  }

  /** More than one location saw the target lately: only then can they disagree. */
  public boolean several() {
    return sightings.size() > 1;
  }

  public List<String> downAt() {
    return sightings.stream()
        .filter(LocationSighting::down)
        .map(LocationSighting::location)
        .toList();
  }

  /** How many must see it down: the quorum, or every location when fewer are probing. */
  public int needed() {
    return Math.min(quorum, locations());
  }

  public boolean down() {
    return !downAt().isEmpty() && downAt().size() >= needed();
  }

  /**
   * This location's result with the quorum's up-or-down verdict: untouched when they agree, so
   * values (latency, JSON fields) and this location's reason stay as probed.
   */
  public ProbeResult applyTo(ProbeResult local) {
    boolean localDown = local.status() == ProbeStatus.DOWN;
    if (!several() || down() == localDown) {
      return local;
    }
    if (localDown) {
      return with(local, ProbeStatus.UP, "down only from " + tally());
    }
    String seen =
        sightings.stream()
            .filter(LocationSighting::down)
            .map(LocationSighting::reason)
            .findFirst()
            .orElse("");
    return with(local, ProbeStatus.DOWN, "down from " + tally() + ": " + seen);
  }

  /** "eu-west (1 of 2 locations, quorum 2)". */
  private String tally() {
    return String.join(", ", downAt())
        + " ("
        + downAt().size()
        + " of "
        + locations()
        + " locations, quorum "
        + quorum
        + ")";
  }

  /** For {@code /health}: "up at all 3", "down at eu-west, us-east (2/3)". */
  public String where() {
    List<String> down = downAt();
    if (down.isEmpty()) {
      return locations() == 1
          ? "up at " + sightings.getFirst().location()
          : "up at all " + locations();
    }
    String fraction = down.size() + "/" + locations();
    if (down()) {
      return "down at " + String.join(", ", down) + " (" + fraction + ")";
    }
    return "down from "
        + String.join(", ", down)
        + " only ("
        + fraction
        + ", quorum "
        + quorum
        + ")";
  }

  private static ProbeResult with(ProbeResult local, ProbeStatus status, String reason) {
    return new ProbeResult(
        local.key(),
        status,
        local.httpCode(),
        local.latency(),
        local.phases(),
        local.version(),
        reason,
        local.fields(),
        local.at());
  }
}
