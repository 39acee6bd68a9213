package dev.opsbot.sql;

import dev.opsbot.config.Problem;
import dev.opsbot.config.QueryParameter;
import dev.opsbot.config.SavedQueries;
import dev.opsbot.config.SavedQuery;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Saved queries checked once, at start-up, by the same guard as typed ones: each must be one
 * read-only statement whose {@code :parameters} are exactly the declared ones.
 */
public final class SavedQueryCatalog {
  private static final Set<String> TYPES =
      Set.of("integer", "number", "text", "date", "timestamp", "uuid");

  /** A saved query ready to run: the guarded SQL and its parameters in binding order. */
  public record Prepared(String name, SavedQuery query, SqlVerdict.Allowed statement) {}

  private final Map<String, Prepared> queries;

  private SavedQueryCatalog(Map<String, Prepared> queries) {
    this.queries = queries;
  }

  /** Checks every saved query; the problems name the file, the query and what to change. */
  public static SavedQueryCatalog check(
      SavedQueries saved,
      String file,
      SqlGuard guard,
      Set<String> databases,
      List<Problem> problems) {
    Map<String, Prepared> prepared = new LinkedHashMap<>();
    saved
        .queries()
        .forEach((name, query) -> {
          String path = "queries." + name;
          if (query == null || query.sql() == null || query.sql().isBlank()) {
            problems.add(new Problem(file, path + ".sql", "required key is missing: the query"));
            return;
          }
          if (query.database() != null && !databases.contains(query.database())) {
            problems.add(
                new Problem(
                    file,
                    path + ".database",
                    "no database '" + query.database() + "': use one of " + databases));
          }
          query
              .parameters()
              .forEach((param, spec) -> {
                if (spec != null && !TYPES.contains(spec.type())) {
                  problems.add(
                      new Problem(
                          file,
                          path + ".parameters." + param + ".type",
                          "unknown type '" + spec.type() + "': use one of " + TYPES));
                }
              });
          SqlVerdict verdict = guard.check(query.sql(), true);
          if (verdict instanceof SqlVerdict.Refused refused) {
            problems.add(
                new Problem(
                    file,
                    path + ".sql",
                    "refused by rule " + refused.rule() + ": " + refused.reason()));
            return;
          }
          SqlVerdict.Allowed allowed = (SqlVerdict.Allowed) verdict;
          Set<String> used = new HashSet<>(allowed.parameters());
          Set<String> declared = query.parameters().keySet();
          if (!used.equals(declared)) {
            problems.add(
                new Problem(
                    file,
                    path + ".parameters",
                    "the query uses " + used + " but declares " + declared + ": make them match"));
            return;
          }
          prepared.put(name, new Prepared(name, query, allowed));
        });
    return new SavedQueryCatalog(prepared);
  }

  public Optional<Prepared> find(String name) {
    return Optional.ofNullable(queries.get(name));
  }

  public List<String> names() {
    return List.copyOf(queries.keySet());
  }

  /**
   * The values to bind, converted to their declared types, in binding order. Throws {@link
   * IllegalArgumentException} naming the parameter and the expected form.
   */
  public static List<Object> bind(Prepared query, Map<String, String> given) {
    Set<String> unknown = new HashSet<>(given.keySet());
    unknown.removeAll(query.query().parameters().keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown parameter(s) " + unknown + "; " + query.name() + " takes " + usage(query));
    }
    List<Object> values = new ArrayList<>();
    for (String name : query.statement().parameters()) {
      String text = given.get(name);
      if (text == null) {
        throw new IllegalArgumentException(
            "missing " + name + "=...; " + query.name() + " takes " + usage(query));
      }
      values.add(convert(name, text, query.query().parameters().get(name)));
    }
    return values;
  }

  public static String usage(Prepared query) {
    if (query.query().parameters().isEmpty()) {
      return "no parameters";
    }
    List<String> parts = new ArrayList<>();
    query.query().parameters().forEach((name, spec) -> parts.add(name + "=<" + spec.type() + ">"));
    return String.join(" ", parts);
  }

  private static Object convert(String name, String text, QueryParameter spec) {
    try {
      return switch (spec.type()) {
        case "integer" -> dev.opsbot.command.Numbers.parseLong(text);
        case "number" -> new BigDecimal(text);
        case "date" -> LocalDate.parse(text);
        case "timestamp" -> OffsetDateTime.parse(text);
        case "uuid" -> UUID.fromString(text);
        default -> text;
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          name + " must be " + describe(spec.type()) + ", not '" + text + "'");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be a UUID, not '" + text + "'");
    }
  }

  private static String describe(String type) {
    return switch (type) {
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "date" -> "a date like 2026-11-25";
      case "timestamp" -> "a timestamp like 2026-11-25T08:30:00Z";
      default -> "a " + type;
    };
  }
}
