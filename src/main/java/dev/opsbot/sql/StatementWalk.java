package dev.opsbot.sql;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * {@link SqlGuard}'s walk of a parsed statement, every subquery and expression: it refuses locking
 * clauses, SELECT INTO, data-modifying WITH, placeholders and never-allowed functions, marks named
 * parameters, and counts the names given a column list (which the lexer reads as calls).
 */
final class StatementWalk extends TablesNamesFinder<Void> {
  private final boolean namedParameters;
  final Map<String, Integer> declared = new HashMap<>();
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  SqlVerdict.Refused refusal;
  private int parameterCount;

  StatementWalk(boolean namedParameters) {
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
    String name = String.valueOf(function.getName()).replace("\"", "").toLowerCase(Locale.ROOT);
    FunctionPolicy.neverAllowed(name)
        .ifPresent(why ->
            refuse("denied-function", name.substring(name.lastIndexOf('.') + 1) + "() " + why));
    return super.visit(function, context);
  }

  /** Remembers a name given a column list: the lexer reads "name(" there as a call. */
  private void declare(Alias alias) {
    if (alias != null
        && alias.getAliasColumns() != null
        && !alias.getAliasColumns().isEmpty()
        && seen.add(alias)) {
      declare(alias.getName());
    }
  }

  private void declare(String name) {
    String key = name.startsWith("\"") ? name.replace("\"", "") : name.toLowerCase(Locale.ROOT);
    declared.merge(key, 1, Integer::sum);
  }

  @Override
  public <S> Void visit(Table table, S context) {
    declare(table.getAlias());
    return super.visit(table, context);
  }

  @Override
  public <S> Void visit(TableFunction function, S context) {
    declare(function.getAlias());
    return super.visit(function, context);
  }

  @Override
  public <S> Void visit(ParenthesedSelect select, S context) {
    declare(select.getAlias());
    return super.visit(select, context);
  }

  @Override
  public <S> Void visit(ParenthesedFromItem item, S context) {
    declare(item.getAlias());
    return super.visit(item, context);
  }

  @Override
  public <S> Void visit(LateralSubSelect select, S context) {
    declare(select.getAlias());
    return super.visit(select, context);
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
    SqlVerdict.Refused with = SqlGuard.refuseDataModifyingWith(select);
    if (with != null) {
      refuse(with.rule(), with.reason());
    }
  }

  @Override
  public <S> Void visit(WithItem<?> item, S context) {
    if (SqlGuard.dataModifying(item)) {
      refuse("no-data-modifying-cte", "a WITH clause may not INSERT, UPDATE or DELETE");
      return null;
    }
    if (item.getWithItemList() != null && !item.getWithItemList().isEmpty() && seen.add(item)) {
      declare(item.getAlias().getName());
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
    } else if (!parameter.getName().startsWith(SqlGuard.PARAMETER_MARK)) {
      parameter.setName(SqlGuard.PARAMETER_MARK + parameterCount++ + "_" + parameter.getName());
    }
    return super.visit(parameter, context);
  }
}
