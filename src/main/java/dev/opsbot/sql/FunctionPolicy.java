package dev.opsbot.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which functions {@code /sql} may call: an allow-list of built-in functions known to be pure
 * (shipped in {@code sql/allowed-functions.txt}), extended by {@code sql.allowFunctions}; and the
 * families that no configuration may allow, because they run SQL given as text, signal other
 * sessions, take locks, write, or reach files and server state.
 */
public final class FunctionPolicy {
  /** Where an operator allows another function, named in refusals. */
  public static final String SETTING = "sql.allowFunctions";

  private static final Pattern NAME = Pattern.compile("([a-z_][a-z0-9_$]*\\.)?[a-z_][a-z0-9_$]*");

  /** A family of functions that can never be allowed, and why. */
  record Family(String why, Pattern names) {}

  static final List<Family> NEVER_ALLOWED =
      List.of(
          new Family(
              "runs SQL given as text, which the guard never sees",
              Pattern.compile(
                  "query_to_xml.*|cursor_to_xml.*|ts_stat|ts_rewrite|dblink.*|crosstab.*"
                      + "|connectby|xpath_table")),
          new Family(
              "reads whole tables, schemas or databases into one value",
              Pattern.compile("table_to_xml.*|schema_to_xml.*|database_to_xml.*")),
          new Family(
              "signals other sessions",
              Pattern.compile(
                  "pg_terminate_backend|pg_cancel_backend|pg_signal_backend"
                      + "|pg_log_backend_memory_contexts|pg_notify")),
          new Family(
              "takes a transaction id or exports a snapshot",
              Pattern.compile(
                  "txid_current.*|pg_current_xact_id.*|pg_export_snapshot|pg_current_snapshot"
                      + "|pg_log_standby_snapshot")),
          new Family("takes locks or sleeps", Pattern.compile("pg_(try_)?advisory.*|pg_sleep.*")),
          new Family(
              "changes settings, sequences or session state",
              Pattern.compile(
                  "set_config|setseed|nextval|setval|currval|lastval|pg_stat_reset.*"
                      + "|pg_stat_clear_snapshot|pg_stat_force_next_flush|pg_nextoid"
                      + "|pg_stat_statements_reset|pg_prewarm")),
          new Family(
              "reads or writes files and large objects",
              Pattern.compile(
                  "pg_read_.*file|pg_ls_.*|pg_stat_file|pg_file_.*|lo_.*|loread|lowrite"
                      + "|pg_current_logfile")),
          new Family(
              "changes the server, replication or the write-ahead log",
              Pattern.compile(
                  "pg_reload_conf|pg_rotate_logfile|pg_switch_wal|pg_promote|pg_backup_.*"
                      + "|pg_create_.*|pg_drop_.*|pg_copy_.*|pg_replication_.*|pg_logical_.*"
                      + "|pg_wal_replay_.*|pg_sync_replication_slots|binary_upgrade_.*"
                      + "|brin_summarize.*|brin_desummarize.*|gin_clean_pending_list"
                      + "|pg_import_system_collations|pg_restore_.*|pg_clear_.*"
                      + "|pg_stop_making_pinned_objects|pg_extension_config_dump"
                      + "|pg_truncate_visibility_map|heap_force_.*")));

  private final Set<String> allowed;

  private FunctionPolicy(Set<String> allowed) {
    this.allowed = Set.copyOf(allowed);
  }

  /** The shipped allow-list alone. */
  public static FunctionPolicy shipped() {
    return withExtra(List.of());
  }

  /** The shipped allow-list and {@code extra}, less any name {@link #problem} objects to. */
  public static FunctionPolicy withExtra(Collection<String> extra) {
    Set<String> names = new HashSet<>(shippedNames());
    extra.stream()
        .filter(name -> problem(name).isEmpty())
        .map(name -> name.strip().toLowerCase(Locale.ROOT))
        .forEach(names::add);
    return new FunctionPolicy(names);
  }

  /** The names in {@code sql/allowed-functions.txt}. */
  static Set<String> shippedNames() {
    try (InputStream in = FunctionPolicy.class.getResourceAsStream("/sql/allowed-functions.txt")) {
      if (in == null) {
        throw new IllegalStateException("sql/allowed-functions.txt is missing from the jar");
      }
      Set<String> names = new HashSet<>();
      new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .forEach(line -> names.addAll(List.of(line.strip().split("\\s+"))));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What is wrong with allowing {@code name}, for check-config; empty when it may be allowed. */
  public static Optional<String> problem(String name) {
    String lower = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (!NAME.matcher(lower).matches()) {
      return Optional.of("'" + name + "' is not a function name: write it as name or schema.name");
    }
    return neverAllowed(lower).map(why -> lower + "() " + why + "; it cannot be allowed for /sql");
  }

  /** Why {@code name} (lower case, maybe qualified) can never be allowed, if it cannot. */
  static Optional<String> neverAllowed(String name) {
    String bare = name.substring(name.lastIndexOf('.') + 1);
    return NEVER_ALLOWED.stream()
        .filter(f -> f.names().matcher(bare).matches() || f.names().matcher(name).matches())
        .map(Family::why)
        .findFirst();
  }

  /**
   * Why {@code call} is refused, or empty when it may run. A bare or pg_catalog-qualified name must
   * be on the list; a name qualified by another schema must be listed with that schema.
   */
  Optional<SqlVerdict.Refused> refusal(PostgresLexer.Call call) {
    String schema = call.schema() == null ? null : call.schema().toLowerCase(Locale.ROOT);
    String name = call.name().toLowerCase(Locale.ROOT);
    String written = schema == null ? name : schema + "." + name;
    Optional<String> never = neverAllowed(written);
    if (never.isPresent()) {
      return Optional.of(new SqlVerdict.Refused("denied-function", name + "() " + never.get()));
    }
    boolean listed =
        (schema == null || schema.equals("pg_catalog"))
            ? allowed.contains(name)
            : allowed.contains(written);
    if (listed) {
      return Optional.empty();
    }
    return Optional.of(
        new SqlVerdict.Refused(
            "function-not-allowed",
            written
                + "() is not on /sql's list of functions known to be pure; if it is, an operator"
                + " can add it to "
                + SETTING
                + " in config/opsbot.yaml"));
  }
}
