package dev.opsbot.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * The first guard rail of {@code /sql}: a real SQL parser decides whether a query is one read-only
 * statement that calls nothing acting outside the query. The database's read-only transaction and
 * timeouts are the second rail, the role's privileges the third.
 */
public final class SqlGuard {
  static final int MAX_LENGTH = 10_000;

  private static final Set<String> DENIED_FUNCTIONS =
      Set.of(
          "set_config",
          "pg_sleep",
          "pg_sleep_for",
          "pg_sleep_until",
          "pg_terminate_backend",
          "pg_cancel_backend",
          "pg_reload_conf",
          "pg_rotate_logfile",
          "pg_read_file",
          "pg_read_binary_file",
          "pg_ls_dir",
          "pg_stat_file",
          "pg_ls_logdir",
          "pg_ls_waldir",
          "pg_ls_tmpdir",
          "pg_file_write",
          "pg_file_rename",
          "pg_file_unlink",
          "nextval",
          "setval",
          "query_to_xml",
          "query_to_xmlschema",
          "query_to_xml_and_xmlschema",
          "cursor_to_xml",
          "cursor_to_xmlschema",
          "txid_current",
          "pg_current_xact_id",
          "pg_notify",
          "pg_logical_emit_message",
          "pg_create_restore_point",
          "pg_switch_wal",
          "pg_promote",
          "pg_export_snapshot",
          "pg_backup_start",
          "pg_backup_stop",
          "loread",
          "lowrite");
  private static final List<String> DENIED_PREFIXES =
      List.of(
          "pg_advisory",
          "pg_try_advisory",
          "lo_",
          "dblink",
          "pg_stat_reset",
          "pg_replication_",
          "pg_create_",
          "pg_drop_replication",
          "pg_logical_slot_");

  private static final String PARAMETER_MARK = "opsbot_param_";
  private static final Pattern PARAMETER =
      Pattern.compile(":" + PARAMETER_MARK + "(\\d+)_([A-Za-z_][A-Za-z0-9_]*)");

  /** Checks a query; named parameters ({@code :tenant}) are allowed only when {@code named}. */
  public SqlVerdict check(String sql, boolean namedParameters) {
    if (sql.isBlank()) {
      return new SqlVerdict.Refused("empty", "the query is empty");
    }
    if (sql.length() > MAX_LENGTH) {
      return new SqlVerdict.Refused(
          "too-long", "the query is " + sql.length() + " characters; the limit is " + MAX_LENGTH);
    }
    Statements statements;
    try {
      statements = CCJSqlParserUtil.parseStatements(sql);
    } catch (JSQLParserException e) {
      return new SqlVerdict.Refused("parse", "the SQL parser could not read it: " + parseReason(e));
    }
    if (statements.size() != 1) {
      return new SqlVerdict.Refused(
          "one-statement",
          "exactly one statement is allowed; this text holds " + statements.size());
    }
    Statement statement = statements.getFirst();
    SqlVerdict.Refused refused = refuseStatement(statement);
    if (refused == null && statement instanceof Select select) {
      refused = refuseDataModifyingWith(select);
    }
    if (refused != null) {
      return refused;
    }
    Inspector inspector = new Inspector(namedParameters);
    try {
      inspector.getTables(statement);
    } catch (RuntimeException e) {
      return new SqlVerdict.Refused(
          "uncheckable", "it uses a construct /sql cannot check (" + e.getMessage() + ")");
    }
    if (inspector.refusal != null) {
      return inspector.refusal;
    }
    SqlVerdict.Allowed allowed = bindable(statement.toString());
    SqlVerdict.Refused second = refuseAsTheServerReadsIt(allowed.sql());
    return second != null ? second : allowed;
  }

  /**
   * The parser's rendering is what is sent, but the parser reads some text unlike PostgreSQL (an
   * escape string {@code E'\''} ends later for the server, uncovering what followed) and its walk
   * skips some expressions (an aggregate's ORDER BY, AT TIME ZONE, POSITION(... IN ...)) where a
   * call or a FOR UPDATE can hide. So the rendering is read again with the server's lexical rules.
   */
  private static SqlVerdict.Refused refuseAsTheServerReadsIt(String sql) {
    PostgresLexer.Reading reading = PostgresLexer.read(sql);
    if (reading.statements() != 1) {
      return new SqlVerdict.Refused(
          "one-statement",
          "exactly one statement is allowed; PostgreSQL would read "
              + reading.statements()
              + " in this text");
    }
    if (reading.unicodeIdentifier()) {
      return new SqlVerdict.Refused(
          "uncheckable", "Unicode-escaped names (U&\"...\") can hide what a query calls");
    }
    if (reading.lockingClause()) {
      return new SqlVerdict.Refused("no-locking-clause", "FOR UPDATE / FOR SHARE takes row locks");
    }
    for (String call : reading.calls()) {
      String denied = deniedReason(call);
      if (denied != null) {
        return deniedFunction(denied);
      }
    }
    return null;
  }

  private static SqlVerdict.Refused deniedFunction(String name) {
    return new SqlVerdict.Refused(
        "denied-function",
        name
            + "() acts outside the query (locks, sleeps, files, sequences or other"
            + " sessions)");
  }

  /** Only SELECT-like statements, SHOW, and EXPLAIN of those without ANALYZE. */
  private SqlVerdict.Refused refuseStatement(Statement statement) {
    if (statement instanceof Select) {
      return null;
    }
    if (statement instanceof ShowStatement) {
      return null;
    }
    if (statement instanceof ExplainStatement explain) {
      if (explain.getOption(ExplainStatement.OptionType.ANALYZE) != null) {
        return new SqlVerdict.Refused(
            "no-explain-analyze", "EXPLAIN ANALYZE runs the statement; use EXPLAIN alone");
      }
      if (explain.getStatement() == null) {
        return new SqlVerdict.Refused("read-only-statement", "EXPLAIN needs a query to explain");
      }
      return refuseStatement(explain.getStatement());
    }
    return new SqlVerdict.Refused(
        "read-only-statement",
        "only SELECT, WITH, TABLE, VALUES, SHOW and EXPLAIN may run; this is " + kind(statement));
  }

  /** CreateTable becomes CREATE TABLE: the statement's kind as the user wrote it. */
  private static String kind(Statement statement) {
    String name = statement.getClass().getSimpleName().replace("Statement", "");
    String words = name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    return words.isBlank() ? "another kind of statement" : words;
  }

  /** Checked before the walk: the parser's own walker fails on DELETE and UPDATE in WITH. */
  private static SqlVerdict.Refused refuseDataModifyingWith(Select select) {
    if (select.getWithItemsList() != null) {
      for (WithItem<?> item : select.getWithItemsList()) {
        if (dataModifying(item)) {
          return new SqlVerdict.Refused(
              "no-data-modifying-cte", "a WITH clause may not INSERT, UPDATE or DELETE");
        }
      }
    }
    return null;
  }

  private static boolean dataModifying(WithItem<?> item) {
    return !(item.getParenthesedStatement() instanceof ParenthesedSelect);
  }

  /** Turns the marked named parameters of the rendered SQL into ?, in order. */
  private static SqlVerdict.Allowed bindable(String rendered) {
    List<String> names = new ArrayList<>();
    Matcher matcher = PARAMETER.matcher(rendered);
    StringBuilder sql = new StringBuilder();
    while (matcher.find()) {
      names.add(matcher.group(2));
      matcher.appendReplacement(sql, "?");
    }
    matcher.appendTail(sql);
    return new SqlVerdict.Allowed(sql.toString(), names);
  }

  private static final Pattern ENCOUNTERED =
      Pattern.compile(
          "Encountered:? (?:<(\\w+)>)?(?: / \"([^\"]*)\")?,? at line (\\d+), column (\\d+)");

  /** The parser's message in a user's words: what it met and where. */
  private static String parseReason(JSQLParserException e) {
    String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    String suffix = " (/sql accepts SELECT, WITH, TABLE, VALUES, SHOW and EXPLAIN)";
    if (message == null) {
      return "syntax error" + suffix;
    }
    Matcher matcher = ENCOUNTERED.matcher(message);
    if (matcher.find()) {
      String what =
          "EOF".equals(matcher.group(1))
              ? "the query ended early"
              : "unexpected \""
                  + (matcher.group(2) == null ? matcher.group(1) : matcher.group(2))
                  + "\"";
      return what + " at line " + matcher.group(3) + ", column " + matcher.group(4) + suffix;
    }
    String first = message.lines().findFirst().orElse(message).strip();
    return (first.length() > 200 ? first.substring(0, 200) + "..." : first) + suffix;
  }

  static String deniedReason(String function) {
    String name = function.toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    if (dot >= 0) {
      name = name.substring(dot + 1);
    }
    name = name.replace("\"", "");
    if (DENIED_FUNCTIONS.contains(name)) {
      return name;
    }
    for (String prefix : DENIED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return name;
      }
    }
    return null;
  }

  /** Walks the whole statement (every subquery and expression) looking for what is refused. */
  private static final class Inspector extends TablesNamesFinder<Void> {
    private final boolean namedParameters;
    private SqlVerdict.Refused refusal;
    private int parameterCount;

    Inspector(boolean namedParameters) {
      this.namedParameters = namedParameters;
      init(true);
    }

    private void refuse(String rule, String reason) {
      if (refusal == null) {
        refusal = new SqlVerdict.Refused(rule, reason);
      }
    }

    @Override
    public <S> Void visit(Function function, S context) {
      String denied = deniedReason(String.valueOf(function.getName()));
      if (denied != null) {
        SqlVerdict.Refused refused = deniedFunction(denied);
        refuse(refused.rule(), refused.reason());
      }
      return super.visit(function, context);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
      checkSelect(select);
      if (select.getIntoTables() != null && !select.getIntoTables().isEmpty()) {
        refuse("no-select-into", "SELECT INTO creates a table");
      }
      return super.visit(select, context);
    }

    private void checkSelect(Select select) {
      if (select.getForMode() != null
          || select.getForUpdateTable() != null
          || (select.getForUpdateTables() != null && !select.getForUpdateTables().isEmpty())) {
        refuse("no-locking-clause", "FOR UPDATE / FOR SHARE takes row locks");
      }
      SqlVerdict.Refused with = refuseDataModifyingWith(select);
      if (with != null) {
        refuse(with.rule(), with.reason());
      }
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
      if (dataModifying(item)) {
        refuse("no-data-modifying-cte", "a WITH clause may not INSERT, UPDATE or DELETE");
        return null;
      }
      return super.visit(item, context);
    }

    @Override
    public <S> Void visit(JdbcParameter parameter, S context) {
      refuse("no-placeholders", "? placeholders are only for saved queries' parameters");
      return super.visit(parameter, context);
    }

    @Override
    public <S> Void visit(JdbcNamedParameter parameter, S context) {
      if (!namedParameters) {
        refuse(
            "no-placeholders",
            ":" + parameter.getName() + " looks like a parameter; only saved queries take them");
      } else if (!parameter.getName().startsWith(PARAMETER_MARK)) {
        parameter.setName(PARAMETER_MARK + parameterCount++ + "_" + parameter.getName());
      }
      return super.visit(parameter, context);
    }
  }
}
