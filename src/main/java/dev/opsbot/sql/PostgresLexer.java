package dev.opsbot.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.postgresql.core.Parser;

/**
 * Reads SQL text with PostgreSQL's lexical rules (strings, escape strings, quoted names, dollar
 * quotes, nested comments), for {@link SqlGuard}: before parsing, to bound how deep and long the
 * text is; after, as a second opinion on what the server will see, since the SQL parser reads some
 * literals differently (an escape string {@code E'\''} ends elsewhere for it) and its walk skips
 * some expressions. Comments, dollar quotes and identifier characters use the JDBC driver's
 * scanner, which follows the server.
 */
final class PostgresLexer {
  /**
   * Words that are SQL syntax, not functions, when a parenthesis follows them unquoted: reserved
   * words (PostgreSQL never reads them as a function name) and the words of multi-word types.
   * Keyword-like functions (coalesce, extract, substring...) are on the allow-list instead.
   */
  private static final Set<String> SYNTAX_WORDS =
      Set.of(
          "all",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "between",
          "both",
          "by",
          "case",
          "cast",
          "check",
          "collate",
          "columns",
          "cross",
          "default",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "escape",
          "except",
          "exists",
          "explain",
          "fetch",
          "filter",
          "first",
          "for",
          "from",
          "full",
          "group",
          "having",
          "ilike",
          "in",
          "inner",
          "intersect",
          "into",
          "is",
          "join",
          "lateral",
          "leading",
          "like",
          "limit",
          "materialized",
          "natural",
          "next",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "outer",
          "over",
          "partition",
          "passing",
          "precision",
          "recursive",
          "repeatable",
          "returning",
          "row",
          "second",
          "select",
          "sets",
          "similar",
          "some",
          "table",
          "then",
          "to",
          "trailing",
          "union",
          "using",
          "values",
          "varying",
          "when",
          "where",
          "window",
          "with",
          "within",
          "zone");

  /** Words that make an operator node, counted with the symbol operators. */
  private static final Set<String> OPERATOR_WORDS =
      Set.of(
          "and",
          "or",
          "not",
          "is",
          "isnull",
          "notnull",
          "like",
          "ilike",
          "similar",
          "between",
          "in",
          "collate",
          "at",
          "overlaps",
          "case",
          "when",
          "any",
          "all",
          "some",
          "exists");

  private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?:";

  private PostgresLexer() {}

  /**
   * A name followed by a parenthesis where the server reads a function call: lower case unless
   * quoted, with its schema when qualified ({@code null} otherwise).
   */
  record Call(String schema, String name) {
    @Override
    public String toString() {
      return schema == null ? name : schema + "." + name;
    }
  }

  /**
   * What the server will read: how many statements, the functions called, whether a Unicode-escaped
   * identifier ({@code U&"..."}) hides a name, whether a locking clause (FOR UPDATE, FOR NO KEY
   * UPDATE, FOR SHARE, FOR KEY SHARE) appears, the deepest nesting of parentheses and brackets, and
   * how many operators (symbols, casts, subscripts, AND, OR, IS...) the text holds: together they
   * bound how deep a parse tree of it can be.
   */
  record Reading(
      int statements,
      List<Call> calls,
      boolean unicodeIdentifier,
      boolean lockingClause,
      int depth,
      int operators) {
    List<String> callNames() {
      return calls.stream().map(Call::name).toList();
    }
  }

  /** Reads {@code sql} with standard_conforming_strings on, as the query runner sets it. */
  static Reading read(String sql) {
    char[] text = sql.toCharArray();
    int statements = 0;
    boolean inStatement = false;
    boolean unicodeIdentifier = false;
    boolean lockingClause = false;
    int depth = 0;
    int maxDepth = 0;
    int operators = 0;
    List<String> words = new ArrayList<>(); // the bare words just read, in a row
    List<Call> calls = new ArrayList<>();
    Call name = null; // the last (qualified) name: a call if "(" comes next
    boolean quoted = false; // whether that name's last part was quoted
    String schema = null; // a name followed by "." qualifies the next one
    boolean typeContext = false; // after :: or TABLESAMPLE a name is a type or method, not a call
    boolean nameIsType = false;
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
        schema = null;
        typeContext = false;
        words.clear();
        i++;
      } else {
        inStatement = true;
        boolean qualifying = false;
        boolean typeNext = false;
        if (c == '\'') {
          // E'...' (an identifier "e" right before the quote) takes backslash escapes.
          boolean escapes = name != null && !quoted && "e".equals(name.name()) && nameEnd == i;
          i = endOfString(text, i, escapes);
          name = null;
        } else if (c == '"') {
          unicodeIdentifier |= i >= 2 && text[i - 1] == '&' && (text[i - 2] | 32) == 'u';
          int end = endOfIdentifier(text, i);
          String part = new String(text, i + 1, Math.max(0, end - i - 2)).replace("\"\"", "\"");
          nameIsType = schema != null ? nameIsType : typeContext;
          name = new Call(schema, part);
          quoted = true;
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
          String word = new String(text, start, i - start).toLowerCase(Locale.ROOT);
          nameIsType = schema != null ? nameIsType : typeContext;
          name = new Call(schema, word);
          quoted = false;
          nameEnd = i;
          schema = null;
          typeContext = word.equals("tablesample");
          operators += OPERATOR_WORDS.contains(word) ? 1 : 0;
          words.add(word);
          lockingClause |= locks(words);
          continue;
        } else {
          if (c == '(' || c == '[') {
            if (c == '(' && name != null && !nameIsType && (quoted || !isSyntax(name))) {
              calls.add(name);
            }
            maxDepth = Math.max(maxDepth, ++depth);
          } else if (c == ')' || c == ']') {
            depth = Math.max(0, depth - 1);
          } else if (c == '.' && name != null) {
            schema = name.name();
            qualifying = true;
          }
          if (c == '[' || (OPERATOR_CHARS.indexOf(c) >= 0 && !isOperatorChar(text, i - 1))) {
            operators++;
          }
          typeNext = c == ':' && i > 0 && text[i - 1] == ':';
          name = null;
          i++;
        }
        if (!qualifying) {
          schema = null;
        }
        typeContext = typeNext || (qualifying && nameIsType);
        words.clear();
      }
    }
    return new Reading(
        statements + (inStatement ? 1 : 0),
        calls,
        unicodeIdentifier,
        lockingClause,
        maxDepth,
        operators);
  }

  private static boolean isSyntax(Call name) {
    return name.schema() == null && SYNTAX_WORDS.contains(name.name());
  }

  private static boolean isOperatorChar(char[] text, int i) {
    return i >= 0 && OPERATOR_CHARS.indexOf(text[i]) >= 0;
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
