package dev.opsbot.oncall;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who is on call when: the layers of a schedule with its overrides on top, as the shifts of a
 * window. The answer can change only at a layer's hand-over or at the edge of its hours or of an
 * override, so the window is cut at those instants and each piece asked once.
 */
final class Timeline {
  private Timeline() {}

  static List<Shift> shifts(Schedule schedule, List<Override> overrides, Instant from, Instant to) {
    NavigableSet<Instant> cuts = new TreeSet<>();
    cuts.add(from);
    cuts.add(to);
    for (Layer layer : schedule.layers()) {
      layer.boundaries(from, to, cuts);
    }
    for (Override override : overrides) {
      for (Instant edge : List.of(override.start(), override.end())) {
        if (edge.isAfter(from) && edge.isBefore(to)) {
          cuts.add(edge);
        }
      }
    }
    List<Shift> shifts = new ArrayList<>();
    Instant start = null;
    for (Instant cut : cuts) {
      if (start != null) {
        Optional<Shift> piece = at(schedule, overrides, start, cut);
        piece.ifPresent(shift -> append(shifts, shift));
      }
      start = cut;
    }
    return shifts;
  }

  private static Optional<Shift> at(
      Schedule schedule, List<Override> overrides, Instant start, Instant end) {
    // The most recently asked-for override wins where two overlap.
    for (int i = overrides.size() - 1; i >= 0; i--) {
      Override override = overrides.get(i);
      if (override.covers(start)) {
        return Optional.of(
            new Shift(schedule.id(), override.person(), start, end, null, override.id()));
      }
    }
    return schedule
        .layerAt(start)
        .map(pick -> new Shift(schedule.id(), pick.person(), start, end, pick.layer(), null));
  }

  /** Joins a piece to the shift before it when it is the same person from the same source. */
  private static void append(List<Shift> shifts, Shift piece) {
    if (!shifts.isEmpty()) {
      Shift last = shifts.getLast();
      if (last.end().equals(piece.start())
          && last.person().equals(piece.person())
          && Objects.equals(last.layer(), piece.layer())
          && Objects.equals(last.overrideId(), piece.overrideId())) {
        shifts.set(
            shifts.size() - 1,
            new Shift(
                last.schedule(),
                last.person(),
                last.start(),
                piece.end(),
                last.layer(),
                last.overrideId()));
        return;
      }
    }
    shifts.add(piece);
  }
}
