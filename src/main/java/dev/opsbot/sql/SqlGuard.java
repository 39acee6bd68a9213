package dev.opsbot.sql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.ShowStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * The first guard rail of {@code /sql}: a real SQL parser decides whether a query is one read-only
 * statement that calls only functions known to be pure ({@link FunctionPolicy}). The database's
 * read-only transaction and timeouts are the second rail, the role's privileges the third.
 *
 * <p>Parsing is bounded: the text's nesting and operator count are checked before the parser sees
 * it, and the parse and walk run on threads of their own with a known stack and a time limit, so no
 * input can overflow the caller's stack or hold it.
 */
public final class SqlGuard {
  static final int MAX_LENGTH = 10_000;

  /** Parentheses and brackets inside each other; the parser's time grows fast with it. */
  static final int MAX_DEPTH = 64;

  /** Operators in the whole text: a chain of them makes a parse tree as deep. */
  static final int MAX_OPERATORS = 1_000;

  private static final long STACK_BYTES = 16L * 1024 * 1024;
  private static final Duration PARSE_TIME = Duration.ofSeconds(4);
  private static final Duration CHECK_TIME = Duration.ofSeconds(6);
  private static final ThreadFactory BOUNDED_STACK =
      Thread.ofPlatform().name("sql-guard-", 0).daemon().stackSize(STACK_BYTES).factory();
  // Threads with a known stack, kept for reuse: a check and its parse each take one (a cached pool,
  // so a check waiting on its own parse never waits for a free thread).
  private static final ExecutorService THREADS = Executors.newCachedThreadPool(BOUNDED_STACK);

  static final String PARAMETER_MARK = "opsbot_param_";
  private static final Pattern PARAMETER =
      Pattern.compile(":" + PARAMETER_MARK + "(\\d+)_([A-Za-z_][A-Za-z0-9_]*)");

  private final FunctionPolicy functions;

  /** The guard with the shipped list of allowed functions. */
  public SqlGuard() {
    this(FunctionPolicy.shipped());
  }

  public SqlGuard(FunctionPolicy functions) {
    this.functions = functions;
  }

  /** Checks a query; named parameters ({@code :tenant}) are allowed only when {@code named}. */
  public SqlVerdict check(String sql, boolean namedParameters) {
    if (sql.isBlank()) {
      return new SqlVerdict.Refused("empty", "the query is empty");
    }
    if (sql.length() > MAX_LENGTH) {
      return new SqlVerdict.Refused(
          "too-long", "the query is " + sql.length() + " characters; the limit is " + MAX_LENGTH);
    }
    PostgresLexer.Reading reading = PostgresLexer.read(sql);
    if (reading.depth() > MAX_DEPTH) {
      return tooComplex(
          "it nests parentheses or brackets "
              + reading.depth()
              + " deep; the limit is "
              + MAX_DEPTH);
    }
    if (reading.operators() > MAX_OPERATORS) {
      return tooComplex(
          "it holds " + reading.operators() + " operators; the limit is " + MAX_OPERATORS);
    }
    Future<SqlVerdict> task = THREADS.submit(() -> inspect(sql, namedParameters));
    try {
      return task.get(CHECK_TIME.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      return tooComplex("checking it took longer than " + CHECK_TIME.toSeconds() + " s");
    } catch (ExecutionException e) {
      return e.getCause() instanceof StackOverflowError
          ? tooComplex("it is nested too deeply to check")
          : new SqlVerdict.Refused(
              "uncheckable",
              "/sql could not check it (" + e.getCause().getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SqlVerdict.Refused("uncheckable", "the check was interrupted");
    }
  }

  private static SqlVerdict.Refused tooComplex(String why) {
    return new SqlVerdict.Refused("too-complex", why + "; split or simplify the query");
  }

  /** Parses and walks the query on the guard's own thread, whose stack is known. */
  private SqlVerdict inspect(String sql, boolean namedParameters) {
    try {
      return inspectParsed(sql, namedParameters);
    } catch (StackOverflowError e) {
      return tooComplex("it is nested too deeply to check");
    }
  }

  private SqlVerdict inspectParsed(String sql, boolean namedParameters) {
    Statements statements;
    try {
      statements =
          CCJSqlParserUtil.parseStatements(
              sql, THREADS, parser -> parser.withTimeOut(PARSE_TIME.toMillis()));
    } catch (JSQLParserException e) {
      if (causedBy(e, StackOverflowError.class)) {
        return tooComplex("it is nested too deeply to check");
      }
      if (causedBy(e, TimeoutException.class)) {
        return tooComplex("parsing it took longer than " + PARSE_TIME.toSeconds() + " s");
      }
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
    StatementWalk inspector = new StatementWalk(namedParameters);
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
    SqlVerdict.Refused second = refuseAsTheServerReadsIt(allowed.sql(), inspector.declared);
    return second != null ? second : allowed;
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The parser's rendering is what is sent, but the parser reads some text unlike PostgreSQL (an
   * escape string {@code E'\''} ends later for the server, uncovering what followed) and its walk
   * skips some expressions (an aggregate's ORDER BY, AT TIME ZONE, POSITION(... IN ...)) where a
   * call or a FOR UPDATE can hide. So the rendering is read again with the server's lexical rules.
   */
  private SqlVerdict.Refused refuseAsTheServerReadsIt(String sql, Map<String, Integer> declared) {
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
    Map<String, Integer> unclaimed = new HashMap<>(declared);
    for (PostgresLexer.Call call : reading.calls()) {
      Optional<SqlVerdict.Refused> refusal = functions.refusal(call);
      if (refusal.isPresent() && !claimedByDeclaration(call, unclaimed)) {
        return refusal.get();
      }
    }
    return null;
  }

  /**
   * A name with a column list ({@code t g(n)} in FROM, {@code WITH r(n) AS}) looks like a call to
   * the lexer. Each such declaration the parser found excuses one occurrence of the name, so a name
   * declared once and called elsewhere is still checked.
   */
  private static boolean claimedByDeclaration(
      PostgresLexer.Call call, Map<String, Integer> unclaimed) {
    if (call.schema() != null || unclaimed.getOrDefault(call.name(), 0) <= 0) {
      return false;
    }
    unclaimed.merge(call.name(), -1, Integer::sum);
    return true;
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
  static SqlVerdict.Refused refuseDataModifyingWith(Select select) {
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

  static boolean dataModifying(WithItem<?> item) {
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
}
