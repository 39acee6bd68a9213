package dev.opsbot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One rotation of a schedule: its members take turns, in order, from {@code start} (a date, the
 * first shift beginning at {@code handover} local time that day). {@code shift} is {@code daily},
 * {@code weekly} or a duration such as {@code 12h}. {@code days} and {@code hours} (for example
 * {@code 08:00-20:00}, or {@code 20:00-08:00} across midnight) restrict when the layer covers.
 */
public record LayerConfig(
    String name,
    List<String> members,
    String shift,
    String handover,
    String start,
    String timeZone,
    List<String> days,
    String hours) {
  public LayerConfig {
    members = members == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(members));
    days = days == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(days));
  }
}
