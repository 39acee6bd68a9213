package dev.opsbot.intake;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fake source that records the silences asked of it; it can be told to fail. */
final class RecordingSilencer implements SourceSilencer {
  record Call(String what, Map<String, String> labels, Instant until, String id) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  volatile boolean failing;

  @Override
  public String silence(Map<String, String> labels, Instant until, String createdBy, String comment)
      throws IOException {
    if (failing) {
      throw new IOException("Alertmanager answered 503");
    }
    String id = "silence-" + (calls.size() + 1);
    calls.add(new Call("silence", labels, until, id));
    return id;
  }

  @Override
  public void expire(String silenceId) throws IOException {
    if (failing) {
      throw new IOException("Alertmanager answered 503");
    }
    calls.add(new Call("expire", Map.of(), null, silenceId));
  }
}
