package dev.opsbot.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit rows that could not reach the state database, kept in a local append-only file (one JSON
 * object a line, readable by its owner only) until it is back: rows written here survive a crash
 * and are replayed at the next start. Appends are forced to disk.
 */
final class AuditSpill {
  private static final Logger log = LoggerFactory.getLogger(AuditSpill.class);
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  private final Path file;

  AuditSpill(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  synchronized boolean hasRows() {
    try {
      return Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Appends the rows; false (and an error line) when even the local file cannot take them. */
  synchronized boolean append(List<AuditEntry> entries) {
    if (entries.isEmpty()) {
      return true;
    }
    StringBuilder lines = new StringBuilder();
    try {
      for (AuditEntry entry : entries) {
        lines.append(JSON.writeValueAsString(entry)).append('\n');
      }
      createPrivately();
      if (!endsWithLineBreak(file)) {
        // A line cut short by a crash: end it, so this row is not glued onto it.
        lines.insert(0, '\n');
      }
      try (FileChannel channel =
          FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(false);
      }
      return true;
    } catch (IOException e) {
      log.error(
          "event=audit_spill_failed rows={} file={} error=\"{}\"",
          entries.size(),
          file.toAbsolutePath(),
          e.toString());
      return false;
    }
  }

  private static boolean endsWithLineBreak(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  /** Moves a file none of whose lines can be read out of the way, with an error line. */
  synchronized void setAside() {
    Path aside =
        file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
    try {
      Files.move(file, aside);
      log.error(
          "event=audit_spill_unreadable file={} note=\"no line of it could be read; kept for a"
              + " person to look at\"",
          aside.toAbsolutePath());
    } catch (IOException e) {
      log.error(
          "event=audit_spill_unreadable file={} error=\"{}\"", file.toAbsolutePath(), e.toString());
    }
  }

  private void createPrivately() throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Path directory = file.toAbsolutePath().getParent();
    if (directory != null) {
      Files.createDirectories(directory);
    }
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      // created meanwhile: fine
    }
  }

  /** Every row in the file, in order; a line that cannot be read is logged and skipped. */
  synchronized List<AuditEntry> read() {
    List<AuditEntry> entries = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return entries;
    }
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        entries.add(JSON.readValue(line, AuditEntry.class));
      } catch (IOException e) {
        // A line cut short by a crash during its append: the rest of the file is still good.
        log.error(
            "event=audit_spill_line_unreadable file={} error=\"{}\" line=\"{}\"",
            file.toAbsolutePath(),
            e.toString().lines().findFirst().orElse(""),
            AuditText.forLog(line));
      }
    }
    return entries;
  }

  /** Keeps only the last {@code rows - written} rows: what a replay did not get to. */
  synchronized void dropFirst(int written) {
    if (written == 0) {
      return;
    }
    List<AuditEntry> rest = read();
    rest = rest.subList(Math.min(written, rest.size()), rest.size());
    try {
      if (rest.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.deleteIfExists(next);
      AuditSpill replacement = new AuditSpill(next);
      if (!replacement.append(rest)) {
        return;
      }
      try {
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      log.error(
          "event=audit_spill_trim_failed file={} error=\"{}\" note=\"rows already written may be"
              + " written again at the next replay\"",
          file.toAbsolutePath(),
          e.toString());
    }
  }
}
