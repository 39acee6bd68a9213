package dev.opsbot.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The guard's second opinion reads text as PostgreSQL does, not as the SQL parser does. */
class PostgresLexerTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "SELECT 1                                 | 1",
        "SELECT 1;                                | 1",
        "SELECT 1; SELECT 2                       | 2",
        "SELECT 'a;b'                             | 1",
        "SELECT 'it''s; fine'                     | 1",
        "SELECT '\\'; SELECT 2                    | 2",
        "SELECT E'\\'; SELECT 2'                  | 1",
        "SELECT E'\\''; SELECT 2                  | 2",
        "SELECT e'a''\\''; SELECT 2               | 2",
        "SELECT xe'\\'; SELECT 2                  | 2",
        "SELECT \"e\"'\\'; SELECT 2               | 2",
        "SELECT \"a;b\"                           | 1",
        "SELECT \"a\"\";b\"                       | 1",
        "SELECT $$;$$                             | 1",
        "SELECT $tag$ $$; $tag$                   | 1",
        "SELECT a$$; SELECT 2                     | 2",
        "SELECT 1 -- ; SELECT 2                   | 1",
        "SELECT 1 /* ; */                         | 1",
        "SELECT 1 /* /* */ ; */                   | 1",
        "SELECT 1 /* /* */ */ ; SELECT 2          | 2"
      })
  void countsStatementsAsTheServerWould(String sql, int statements) {
    assertThat(PostgresLexer.read(sql).statements()).isEqualTo(statements);
  }

  @Test
  void findsCallsThroughSchemasQuotesCommentsAndWhitespace() {
    PostgresLexer.Reading reading =
        PostgresLexer.read(
            "SELECT pg_catalog.\"pg_sleep\" /* gap */ (1), NEXTVAL\u000B('s'), 'lo_x(' AS f");

    assertThat(reading.callNames()).containsExactly("pg_sleep", "nextval");
    assertThat(reading.calls().getFirst().schema()).isEqualTo("pg_catalog");
  }

  @Test
  void callHiddenInAnEscapeStringForTheParserIsSeen() {
    assertThat(PostgresLexer.read("SELECT E'\\' ' , pg_advisory_lock(1) --'").callNames())
        .containsExactly("pg_advisory_lock");
  }

  @Test
  void unicodeEscapedIdentifierIsNoticed() {
    assertThat(PostgresLexer.read("SELECT U&\"pg\\005fsleep\"(1)").unicodeIdentifier()).isTrue();
    assertThat(PostgresLexer.read("SELECT U & \"x\"").unicodeIdentifier()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT * FROM jobs FOR UPDATE | true",
        "SELECT * FROM jobs for no key update | true",
        "SELECT * FROM jobs FOR /* x */ KEY SHARE | true",
        "SELECT * FROM jobs FOR SHARE | true",
        "SELECT 'FOR UPDATE' | false",
        "SELECT substring(title FROM 1 FOR 2) FROM jobs | false",
        "SELECT 1 AS xfor, 2 AS update | false"
      })
  void noticesLockingClauses(String sql, boolean locking) {
    assertThat(PostgresLexer.read(sql).lockingClause()).isEqualTo(locking);
  }
}
