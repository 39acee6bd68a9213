package dev.opsbot.digest;

import dev.opsbot.digest.DigestFacts.BusinessReport;

/** Business figures from the fleet database, through saved queries. */
@FunctionalInterface
public interface BusinessFigures {
  BusinessFigures NONE = () -> BusinessReport.NONE;

  BusinessReport report();
}
