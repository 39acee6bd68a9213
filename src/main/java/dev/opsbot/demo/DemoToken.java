package dev.opsbot.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.LoggerFactory;

/**
 * A token the demo makes up at each start (for its heartbeat, for its Alertmanager intake) and
 * hands to its configuration through an environment variable. To use it by hand, a person reads it
 * from a file only its owner may read: the demo prints the file's path, never the token, so its
 * transcript shows no secret, like any other.
 */
final class DemoToken {
  private final String prefix;
  private final String value;
  private Path file;

  private DemoToken(String prefix, String value) {
    this.prefix = prefix;
    this.value = value;
  }

  static DemoToken generate(String prefix) {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return new DemoToken(prefix, prefix + "-" + HexFormat.of().formatHex(bytes));
  }

  String value() {
    return value;
  }

  /** {@code $(cat <file>)}: the token, read by the shell from its owner-only file. */
  synchronized String shellReference() {
    if (file == null) {
      try {
        Path written =
            Files.createTempFile(
                "opsbot-demo-" + prefix + "-",
                ".token",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(written, value);
        file = written;
      } catch (IOException | UnsupportedOperationException e) {
        throw new IllegalStateException("cannot write the demo's " + prefix + " token file", e);
      }
    }
    return "$(cat " + file + ")";
  }

  /** Deletes its file, if it was written: the token dies with the demo. */
  synchronized void delete() {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LoggerFactory.getLogger(DemoToken.class).warn("event=demo_token_file_left path={}", file);
      }
    }
  }
}
