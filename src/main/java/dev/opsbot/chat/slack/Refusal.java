package dev.opsbot.chat.slack;

/** A request the endpoint will not act on: the status and the reason it is answered with. */
final class Refusal extends Exception {
  private final int status;

  Refusal(int status, String reason) {
    super(reason, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
