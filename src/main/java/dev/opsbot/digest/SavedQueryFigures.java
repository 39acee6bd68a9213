package dev.opsbot.digest;

import dev.opsbot.digest.DigestFacts.BusinessReport;
import dev.opsbot.digest.DigestFacts.Figure;
import dev.opsbot.digest.DigestFacts.FigureTable;
import dev.opsbot.sql.QueryFailure;
import dev.opsbot.sql.QueryResult;
import dev.opsbot.sql.ReadOnlyQueryRunner;
import dev.opsbot.sql.SavedQueryCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The digest's business figures through saved queries, guarded and read-only like {@code /sql}: the
 * figures query answers one row per figure (name, value, change over 24 h), each table query is
 * shown as it comes. A query that fails is named with its reason, and the rest still shows.
 */
final class SavedQueryFigures implements BusinessFigures {
  private final SavedQueryCatalog catalog;
  private final ReadOnlyQueryRunner runner;
  private final String figuresQuery;
  private final List<String> tableQueries;

  public SavedQueryFigures(
      SavedQueryCatalog catalog,
      ReadOnlyQueryRunner runner,
      String figuresQuery,
      List<String> tableQueries) {
    this.catalog = catalog;
    this.runner = runner;
    this.figuresQuery = figuresQuery;
    this.tableQueries = List.copyOf(tableQueries);
  }

  @Override
  public BusinessReport report() {
    List<Figure> figures = new ArrayList<>();
    List<FigureTable> tables = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (figuresQuery != null) {
      run(figuresQuery, problems)
          .ifPresent(result -> {
            if (result.columns().size() < 2) {
              problems.add(
                  figuresQuery
                      + " should answer name, value and change_24h columns; it answers "
                      + result.columns());
              return;
            }
            for (List<String> row : result.rows()) {
              figures.add(new Figure(row.get(0), row.get(1), row.size() > 2 ? row.get(2) : null));
            }
          });
    }
    for (String name : tableQueries) {
      run(name, problems)
          .ifPresent(result ->
              tables.add(
                  new FigureTable(
                      catalog.find(name).map(p -> p.query().description()).orElse(name),
                      result.columns(),
                      result.rows())));
    }
    return new BusinessReport(figures, tables, problems);
  }

  private Optional<QueryResult> run(String name, List<String> problems) {
    Optional<SavedQueryCatalog.Prepared> query = catalog.find(name);
    if (query.isEmpty()) {
      problems.add("saved query " + name + " is not in the saved queries");
      return Optional.empty();
    }
    try {
      return Optional.of(runner.run(query.get().statement(), List.of()));
    } catch (QueryFailure e) {
      problems.add(name + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
