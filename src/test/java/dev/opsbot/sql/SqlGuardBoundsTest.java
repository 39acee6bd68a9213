package dev.opsbot.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parsing is bounded: no text under the length limit overflows a stack or holds the caller, in any
 * form of deep tree (operator chains, nesting, casts, subscripts, CASE, subqueries). Each check is
 * made from a thread with a small stack, so the guard's own bounded thread is what holds.
 */
class SqlGuardBoundsTest {
  private static final long SMALL_STACK = 256 * 1024;
  private final SqlGuard guard = new SqlGuard();

  static Stream<Arguments> deepTrees() {
    return Stream.of(
        Arguments.of("plus chain", "SELECT 1" + "+1".repeat(4_000)),
        Arguments.of("spaced plus chain", "SELECT 1" + " + 1".repeat(2_400)),
        Arguments.of("and chain", "SELECT 1 WHERE true" + " AND true".repeat(1_100)),
        Arguments.of("or chain", "SELECT 1 WHERE false" + " OR 1=1".repeat(1_300)),
        Arguments.of("concat chain", "SELECT 'a'" + "||'a'".repeat(1_900)),
        Arguments.of("comparison chain", "SELECT 1" + "<1".repeat(4_000)),
        Arguments.of("cast chain", "SELECT 1" + "::int".repeat(1_900)),
        Arguments.of("subscript chain", "SELECT ARRAY[1]" + "[1]".repeat(3_000)),
        Arguments.of("unary minus chain", "SELECT " + "- ".repeat(4_900) + "1"),
        Arguments.of("not chain", "SELECT " + "NOT ".repeat(2_400) + "true"),
        Arguments.of("is null chain", "SELECT 1" + " IS NULL".repeat(1_200)),
        Arguments.of("parentheses", "SELECT " + "(".repeat(4_000) + "1" + ")".repeat(4_000)),
        Arguments.of("brackets", "SELECT " + "ARRAY[".repeat(1_400) + "1" + "]".repeat(1_400)),
        Arguments.of("nested calls", "SELECT " + "abs(".repeat(1_900) + "1" + ")".repeat(1_900)),
        Arguments.of(
            "nested subqueries", "SELECT " + "(SELECT ".repeat(1_000) + "1" + ")".repeat(1_000)),
        Arguments.of(
            "nested case",
            "SELECT " + "CASE WHEN true THEN ".repeat(400) + "1" + " END".repeat(400)),
        Arguments.of(
            "nested from",
            "SELECT * FROM " + "(SELECT * FROM ".repeat(450) + "jobs" + ") x".repeat(450)),
        Arguments.of(
            "mixed chain inside nesting",
            "SELECT " + "(".repeat(60) + "1" + " * 2 - 3".repeat(1_200) + ")".repeat(60)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deepTrees")
  void deepTreeGetsAVerdictWithoutOverflowingTheCallersStack(String label, String sql)
      throws Exception {
    assertThat(sql.length()).isLessThanOrEqualTo(SqlGuard.MAX_LENGTH);

    SqlVerdict verdict = checkOnASmallStack(sql, Duration.ofSeconds(15));

    // Nearly all are refused as too complex; what stays under the limits (400 nested CASEs) is
    // parsed whole on the guard's stack.
    if (verdict instanceof SqlVerdict.Refused refused) {
      assertThat(refused.rule()).isIn("too-complex", "parse");
      assertThat(refused.reason()).doesNotContain("StackOverflowError");
    } else {
      assertThat(label).isEqualTo("nested case");
    }
  }

  @Test
  void longestChainWithinTheLimitIsParsedAndAllowed() throws Exception {
    String sql = "SELECT 1" + " + 1".repeat(SqlGuard.MAX_OPERATORS);

    SqlVerdict verdict = checkOnASmallStack(sql, Duration.ofSeconds(15));

    assertThat(verdict).isInstanceOf(SqlVerdict.Allowed.class);
  }

  @Test
  void deepestNestingWithinTheLimitIsParsedAndAllowed() throws Exception {
    int depth = SqlGuard.MAX_DEPTH;
    String sql = "SELECT " + "(".repeat(depth) + "1 + 2" + ")".repeat(depth);

    SqlVerdict verdict = checkOnASmallStack(sql, Duration.ofSeconds(15));

    assertThat(verdict).isInstanceOf(SqlVerdict.Allowed.class);
  }

  @Test
  void refusalSaysWhatIsTooDeepAndTheLimit() {
    assertThat(guard.check("SELECT " + "(".repeat(65) + "1" + ")".repeat(65), false))
        .isEqualTo(
            new SqlVerdict.Refused(
                "too-complex",
                "it nests parentheses or brackets 65 deep; the limit is 64; split or simplify the"
                    + " query"));
    assertThat(guard.check("SELECT 1" + "+1".repeat(1_001), false))
        .isEqualTo(
            new SqlVerdict.Refused(
                "too-complex",
                "it holds 1001 operators; the limit is 1000; split or simplify the query"));
  }

  /** Seeded: random operator chains, nestings and calls, up to the length limit. */
  @Test
  void fuzzedDeepTextsAlwaysGetAVerdictInBoundedTime() throws Exception {
    Random random = new Random(13);
    String[] operators = {
      " + ",
      "-",
      "*",
      " / ",
      " || ",
      " AND ",
      " OR ",
      " = ",
      "<",
      "::int",
      "[1]",
      " IS NULL",
      " NOT ",
      " ~ ",
      " # "
    };
    String[] opens = {"(", "ARRAY[", "abs(", "(SELECT ", "coalesce(", "CASE WHEN true THEN "};
    String[] closes = {")", "]", ")", ")", ")", " END"};
    long start = System.nanoTime();
    for (int n = 0; n < 150; n++) {
      StringBuilder sql = new StringBuilder("SELECT ");
      int budget = 200 + random.nextInt(SqlGuard.MAX_LENGTH - 300);
      java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
      while (sql.length() < budget) {
        int pick = random.nextInt(10);
        if (pick < 3 && stack.size() < 3_000) {
          int kind = random.nextInt(opens.length);
          sql.append(opens[kind]);
          stack.push(closes[kind]);
        } else if (pick < 4 && !stack.isEmpty()) {
          sql.append('1').append(stack.pop());
        } else {
          sql.append('1').append(operators[random.nextInt(operators.length)]);
        }
      }
      sql.append('1');
      while (!stack.isEmpty() && sql.length() < SqlGuard.MAX_LENGTH - 8) {
        sql.append(stack.pop());
      }
      String text = sql.toString();

      SqlVerdict verdict = checkOnASmallStack(text, Duration.ofSeconds(15));

      assertThat(verdict).as(text.substring(0, Math.min(200, text.length()))).isNotNull();
      if (verdict instanceof SqlVerdict.Refused refused) {
        assertThat(refused.reason()).doesNotContain("StackOverflowError");
      }
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
  }

  private SqlVerdict checkOnASmallStack(String sql, Duration limit) throws Exception {
    FutureTask<SqlVerdict> task = new FutureTask<>(() -> guard.check(sql, false));
    Thread thread = Thread.ofPlatform().stackSize(SMALL_STACK).daemon().start(task);
    try {
      return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      thread.interrupt();
    }
  }
}
