/**
 * opsbot's own PostgreSQL: the state database, pools, migrations, the embedded server and {@code
 * StateUnavailableException}.
 */
package dev.opsbot.state;
