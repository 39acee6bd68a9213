package dev.opsbot.config;

/** One thing wrong with a configuration file: where it is, what is wrong, what to do. */
public record Problem(String file, String path, String message) {
  @Override
  public String toString() {
    return file + ": " + (path.isEmpty() ? "(top level)" : path) + ": " + message;
  }
}
