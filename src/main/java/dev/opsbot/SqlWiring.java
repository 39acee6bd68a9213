package dev.opsbot;

import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.SqlSettings;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.lifecycle.Lifecycle;
import dev.opsbot.sql.FunctionPolicy;
import dev.opsbot.sql.QueryLimits;
import dev.opsbot.sql.ReadOnlyQueryRunner;
import dev.opsbot.sql.SqlCommand;
import dev.opsbot.sql.SqlGuard;
import dev.opsbot.sql.SqlTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** /sql over every configured database, each through its own read-only pool. */
final class SqlWiring {
  // Logged as Opsbot, like the rest of start-up.
  private static final Logger log = LoggerFactory.getLogger(Opsbot.class);

  private SqlWiring() {}

  static SqlCommand command(
      Configuration configuration,
      String defaultDatabase,
      Lifecycle lifecycle,
      ThreadReplies replies) {
    OpsbotConfig config = configuration.config();
    SqlSettings sql = config.sql();
    QueryLimits limits =
        new QueryLimits(
            sql.statementTimeout(), sql.lockTimeout(), sql.rowsFetched(), sql.cellWidth());
    Map<String, ReadOnlyQueryRunner> runners = new LinkedHashMap<>();
    config
        .databases()
        .forEach((name, database) -> {
          SqlTarget target =
              lifecycle.start("sql pool " + name, () -> new SqlTarget(name, database));
          target
              .roleWarnings(Optional.ofNullable(config.state().user()).stream().toList())
              .forEach(warning -> log.warn("event=sql_role_unsafe warning=\"{}\"", warning));
          runners.put(name, new ReadOnlyQueryRunner(target.dataSource(), limits));
        });
    // The names were checked when the configuration was loaded.
    SqlGuard guard = new SqlGuard(FunctionPolicy.withExtra(sql.allowFunctions()));
    return new SqlCommand(
        defaultDatabase, runners, guard, configuration.savedQueries(), sql.rowsShown(), replies);
  }
}
