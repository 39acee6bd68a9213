package dev.opsbot.command;

/** What a command adds to its audit row (a row count, the rule that refused a query). */
public final class AuditNote {
  private String detail;

  public void set(String detail) {
    this.detail = detail;
  }

  public String detail() {
    return detail;
  }
}
