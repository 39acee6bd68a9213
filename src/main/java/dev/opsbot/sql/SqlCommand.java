package dev.opsbot.sql;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.command.Argument;
import dev.opsbot.command.AuditNote;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.RefusedException;
import dev.opsbot.command.RunbookAction;
import dev.opsbot.command.UsageException;
import dev.opsbot.config.ClosestMatch;
import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.delivery.ThreadReplies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code /sql}: a read-only query, typed or saved, against the fleet's database, behind the guard
 * rails of {@link SqlGuard} and {@link ReadOnlyQueryRunner}.
 */
public final class SqlCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "sql",
          "Run a read-only query, or a saved one by name",
          List.of(
              Argument.text("query | saved-query name=value...", "SQL, or a saved query's name")),
          Role.ONCALL);

  /** First words that make the text SQL rather than a saved query's name. */
  private static final Set<String> SQL_WORDS =
      Set.of(
          "select",
          "with",
          "table",
          "values",
          "show",
          "explain",
          "insert",
          "update",
          "delete",
          "merge",
          "create",
          "drop",
          "alter",
          "truncate",
          "grant",
          "revoke",
          "copy",
          "lock",
          "set",
          "reset",
          "begin",
          "start",
          "commit",
          "rollback",
          "end",
          "abort",
          "savepoint",
          "release",
          "do",
          "call",
          "prepare",
          "execute",
          "deallocate",
          "vacuum",
          "analyze",
          "reindex",
          "cluster",
          "refresh",
          "listen",
          "notify",
          "unlisten",
          "discard",
          "declare",
          "fetch",
          "close",
          "move",
          "comment",
          "security",
          "checkpoint",
          "load",
          "import");

  private static final Pattern NAME_VALUE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");

  private final String defaultDatabase;
  private final Map<String, ReadOnlyQueryRunner> runners;
  private final SqlGuard guard;
  private final SavedQueryCatalog saved;
  private final int rowsShown;
  private final ThreadReplies replies;

  /** /sql against one database. */
  public SqlCommand(
      String database,
      ReadOnlyQueryRunner runner,
      SqlGuard guard,
      SavedQueryCatalog saved,
      int rowsShown) {
    this(database, Map.of(database, runner), guard, saved, rowsShown);
  }

  /**
   * /sql against several databases: {@code @name} before a query picks one, a saved query names its
   * own, and {@code defaultDatabase} serves the rest.
   */
  public SqlCommand(
      String defaultDatabase,
      Map<String, ReadOnlyQueryRunner> runners,
      SqlGuard guard,
      SavedQueryCatalog saved,
      int rowsShown) {
    this(defaultDatabase, runners, guard, saved, rowsShown, null);
  }

  /**
   * As above; {@code replies} is where the saved-query buttons of alerts answer (their threads).
   */
  public SqlCommand(
      String defaultDatabase,
      Map<String, ReadOnlyQueryRunner> runners,
      SqlGuard guard,
      SavedQueryCatalog saved,
      int rowsShown,
      ThreadReplies replies) {
    this.replies = replies;
    this.defaultDatabase = defaultDatabase;
    this.runners = new LinkedHashMap<>(runners);
    this.guard = guard;
    this.saved = saved;
    this.rowsShown = rowsShown;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  /**
   * The saved-query button of an alert's runbook actions: the query runs as {@code /sql <name>}
   * would, under /sql's role, and its result goes into the alert's thread.
   */
  @Override
  public List<ButtonAction> buttonActions() {
    return List.of(
        ButtonAction.of(
            RunbookAction.Kind.SQL.actionId(),
            SPEC.requiredRole(),
            click -> {
              RunbookAction action = RunbookAction.of(RunbookAction.Kind.SQL, click.value());
              if (action.argument() == null) {
                throw new UsageException("this button names no saved query");
              }
              Message result = savedQuery(action.argument(), new AuditNote());
              String channel =
                  ChatAddress.of(click.caller().platform(), click.caller().channelId());
              if (replies == null || channel == null) {
                return result;
              }
              replies.reply(channel, action.thread(), "sql", result);
              return Message.ephemeral(
                  "The result of " + action.argument() + " is posted in the alert's thread.");
            }));
  }

  @Override
  public Message execute(CommandRequest request) {
    String text = request.argumentText().strip();
    if (text.isEmpty()) {
      throw new UsageException(
          "give a query, or one of the saved ones: " + String.join(", ", saved.names()));
    }
    String database = defaultDatabase;
    if (text.startsWith("@")) {
      String[] parts = text.split("\\s+", 2);
      database = parts[0].substring(1);
      if (!runners.containsKey(database)) {
        throw new UsageException(
            "no database '" + database + "': use one of " + String.join(", ", runners.keySet()));
      }
      text = parts.length > 1 ? parts[1].strip() : "";
      if (text.isEmpty()) {
        throw new UsageException("give a query after @" + database);
      }
    }
    String first = text.split("\\s+", 2)[0];
    String firstWord = first.toLowerCase(Locale.ROOT);
    if (SQL_WORDS.contains(firstWord) || first.startsWith("(")) {
      return typed(database, text, request.note());
    }
    return savedQuery(text, request.note());
  }

  private Message typed(String database, String sql, AuditNote note) {
    SqlVerdict verdict = guard.check(sql, false);
    if (verdict instanceof SqlVerdict.Refused refused) {
      note.set("refused by rule " + refused.rule());
      throw new RefusedException(
          "Refused by rule " + refused.rule() + ": " + refused.reason() + ".");
    }
    return run("/sql", database, (SqlVerdict.Allowed) verdict, List.of(), note);
  }

  private Message savedQuery(String text, AuditNote note) {
    String[] words = text.split("\\s+");
    String name = words[0];
    SavedQueryCatalog.Prepared query = saved.find(name).orElseThrow(() -> unknownName(name));
    Map<String, String> given = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      var matcher = NAME_VALUE.matcher(words[i]);
      if (!matcher.matches()) {
        throw new UsageException(
            "'"
                + words[i]
                + "' is not name=value; "
                + name
                + " takes "
                + SavedQueryCatalog.usage(query));
      }
      given.put(matcher.group(1), matcher.group(2));
    }
    List<Object> values;
    try {
      values = SavedQueryCatalog.bind(query, given);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String database = query.query().database() != null ? query.query().database() : defaultDatabase;
    return run(name, database, query.statement(), values, note);
  }

  /** Neither SQL nor a saved query: a mistyped keyword, or a saved query's name. */
  private UsageException unknownName(String name) {
    var keyword =
        name.length() >= 4
            ? ClosestMatch.among(SQL_WORDS, name.toLowerCase(Locale.ROOT))
            : java.util.Optional.<String>empty();
    if (keyword.isPresent() && saved.find(keyword.get()).isEmpty()) {
      return new UsageException(
          "'"
              + name
              + "' is neither SQL nor a saved query: did you mean "
              + keyword.get().toUpperCase(Locale.ROOT)
              + "?");
    }
    String hint =
        ClosestMatch.among(saved.names(), name).map(m -> " (did you mean " + m + "?)").orElse("");
    return new UsageException(
        "no saved query '"
            + name
            + "'"
            + hint
            + ". Saved queries: "
            + String.join(", ", saved.names()));
  }

  private Message run(
      String title,
      String database,
      SqlVerdict.Allowed statement,
      List<Object> values,
      AuditNote note) {
    ReadOnlyQueryRunner runner = runners.get(database);
    if (runner == null) {
      throw new CommandFailedException(
          "the database '" + database + "' is not configured for /sql");
    }
    QueryResult result;
    try {
      result = runner.run(statement, values);
    } catch (QueryFailure failure) {
      note.set(failure.kind().name().toLowerCase(Locale.ROOT));
      throw new CommandFailedException(failure.getMessage());
    }
    int fetched = result.rows().size();
    note.set("rows=" + fetched + (result.more() ? "+" : ""));
    String count = fetched + (result.more() ? "+" : "") + (fetched == 1 ? " row" : " rows");
    String header =
        title + " on " + database + ": " + count + " in " + HumanTime.latency(result.took());
    Message.Builder message = Message.builder(header).header(header);
    if (result.columns().isEmpty()) {
      return message.text("The statement returned no rows.").build();
    }
    List<List<String>> shown = result.rows().subList(0, Math.min(rowsShown, fetched));
    message.table(result.columns(), shown);
    if (fetched > shown.size() || result.more()) {
      message.context(
          "showing "
              + shown.size()
              + " of "
              + String.format(Locale.ROOT, "%,d", fetched)
              + (result.more() ? "+ (fetching stops there)" : "")
              + "; all fetched rows are in the attached CSV");
      message.add(
          new Block.File("query-result.csv", "text/csv", csv(result), fetched + " rows as CSV"));
    }
    if (result.cellsCut()) {
      message.context("long values were cut (…): the database sent only their start");
    }
    if (result.bytesCapped()) {
      message.context(
          "reading stopped after "
              + String.format(Locale.ROOT, "%,d", fetched)
              + " rows at the cap on bytes read; narrow the columns or the rows");
    }
    if (!result.maskedColumns().isEmpty()) {
      message.context(
          "masked: " + String.join(", ", result.maskedColumns()) + " (they look secret)");
    }
    return message.build();
  }

  static String csv(QueryResult result) {
    StringBuilder out = new StringBuilder();
    out.append(result.columns().stream().map(SqlCommand::csvCell).collect(Collectors.joining(",")));
    out.append('\n');
    for (List<String> row : result.rows()) {
      out.append(row.stream().map(SqlCommand::csvCell).collect(Collectors.joining(",")))
          .append('\n');
    }
    return out.toString();
  }

  private static String csvCell(String value) {
    boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n");
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
