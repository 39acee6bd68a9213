package dev.opsbot.intake;

import java.time.Instant;
import java.util.Map;

/** One alert of a delivery, as the source identifies it (an Alertmanager alert's fingerprint). */
record IntakeMember(
    String fingerprint,
    boolean firing,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Instant endsAt) {}
