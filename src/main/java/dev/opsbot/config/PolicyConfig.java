package dev.opsbot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An escalation policy: its steps in order, and how many times the last step is repeated when
 * nobody acknowledges ({@code repeat}, default 0).
 */
public record PolicyConfig(List<PolicyStep> steps, Integer repeat) {
  public PolicyConfig {
    steps = steps == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(steps));
    repeat = repeat == null ? 0 : repeat;
  }
}
