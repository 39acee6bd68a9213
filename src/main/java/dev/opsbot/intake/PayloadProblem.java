package dev.opsbot.intake;

/** A payload opsbot cannot take: answered 400 with this message, nothing stored. */
final class PayloadProblem extends Exception {
  PayloadProblem(String message) {
    super(message, null, false, false);
  }
}
