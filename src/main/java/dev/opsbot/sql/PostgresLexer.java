package dev.opsbot.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.core.Parser;

/**
 * Reads SQL text with PostgreSQL's lexical rules (strings, escape strings, quoted names, dollar
 * quotes, nested comments), for {@link SqlGuard}'s second opinion: the SQL parser reads some
 * literals differently (an escape string {@code E'\''} ends elsewhere for it) and its walk skips
 * some expressions, so what the server will see is checked on the text that is sent. Comments,
 * dollar quotes and identifier characters use the JDBC driver's scanner, which follows the server.
 */
final class PostgresLexer {
  private PostgresLexer() {}

  /**
   * What the server will read: how many statements, the names called as functions (lower case,
   * without schema or quotes), whether a Unicode-escaped identifier ({@code U&"..."}) hides a name,
   * and whether a locking clause (FOR UPDATE, FOR NO KEY UPDATE, FOR SHARE, FOR KEY SHARE) appears.
   */
  record Reading(
      int statements, List<String> calls, boolean unicodeIdentifier, boolean lockingClause) {}

  /** Reads {@code sql} with standard_conforming_strings on, as the query runner sets it. */
  static Reading read(String sql) {
    char[] text = sql.toCharArray();
    int statements = 0;
    boolean inStatement = false;
    boolean unicodeIdentifier = false;
    boolean lockingClause = false;
    List<String> words = new ArrayList<>(); // the bare words just read, in a row
    List<String> calls = new ArrayList<>();
    String name = null; // the last identifier: a call if "(" comes next
    int nameEnd = -1; // where the last bare identifier ended
    int i = 0;
    while (i < text.length) {
      char c = text[i];
      if (isSpace(c)) {
        i++;
      } else if (c == '-' && next(text, i) == '-') {
        i = Parser.parseLineComment(text, i) + 1;
      } else if (c == '/' && next(text, i) == '*') {
        i = Parser.parseBlockComment(text, i) + 1;
      } else if (c == ';') {
        statements += inStatement ? 1 : 0;
        inStatement = false;
        name = null;
        words.clear();
        i++;
      } else {
        inStatement = true;
        if (c == '\'') {
          // E'...' (an identifier "e" right before the quote) takes backslash escapes.
          i = endOfString(text, i, "e".equals(name) && nameEnd == i);
          name = null;
        } else if (c == '"') {
          unicodeIdentifier |= i >= 2 && text[i - 1] == '&' && (text[i - 2] | 32) == 'u';
          int end = endOfIdentifier(text, i);
          name = new String(text, i + 1, Math.max(0, end - i - 2)).replace("\"\"", "\"");
          nameEnd = -1; // "e"'...' is an identifier and a plain string, not an escape string
          i = end;
        } else if (c == '$' && Parser.parseDollarQuotes(text, i) > i) {
          i = Parser.parseDollarQuotes(text, i) + 1;
          name = null;
        } else if (Parser.isIdentifierStartChar(c)) {
          int start = i;
          while (i < text.length && Parser.isIdentifierContChar(text[i])) {
            i++;
          }
          name = new String(text, start, i - start).toLowerCase(Locale.ROOT);
          nameEnd = i;
          words.add(name);
          lockingClause |= locks(words);
          continue;
        } else {
          if (c == '(' && name != null) {
            calls.add(name);
          }
          name = null;
          i++;
        }
        words.clear();
      }
    }
    return new Reading(statements + (inStatement ? 1 : 0), calls, unicodeIdentifier, lockingClause);
  }

  /** Whether the words read so far end with a locking clause. */
  private static boolean locks(List<String> words) {
    String last =
        " " + String.join(" ", words.subList(Math.max(0, words.size() - 4), words.size()));
    return last.endsWith(" for update")
        || last.endsWith(" for share")
        || last.endsWith(" for no key update")
        || last.endsWith(" for key share");
  }

  /** The index after the string opened at {@code i}; '' is a quote, as is \' in E'...'. */
  private static int endOfString(char[] text, int i, boolean backslashEscapes) {
    for (i++; i < text.length; i++) {
      if (backslashEscapes && text[i] == '\\') {
        i++;
      } else if (text[i] == '\'') {
        if (next(text, i) != '\'') {
          return i + 1;
        }
        i++;
      }
    }
    return text.length;
  }

  /** The index after the quoted identifier opened at {@code i}; "" is a quote inside it. */
  private static int endOfIdentifier(char[] text, int i) {
    for (i++; i < text.length; i++) {
      if (text[i] == '"') {
        if (next(text, i) != '"') {
          return i + 1;
        }
        i++;
      }
    }
    return text.length + 1;
  }

  /** PostgreSQL's whitespace, which includes the vertical tab. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
  }

  private static char next(char[] text, int i) {
    return i + 1 < text.length ? text[i + 1] : 0;
  }
}
