-- The fleet database of FLEET.md, with realistic synthetic rows for the demo.
-- Deterministic: setseed makes every demo database the same.
SELECT setseed(0.42);

CREATE TABLE tenants (
  id          integer PRIMARY KEY,
  name        text NOT NULL,
  plan        text NOT NULL,
  created_at  timestamptz NOT NULL
);

CREATE TABLE customers (
  id          bigserial PRIMARY KEY,
  tenant_id   integer NOT NULL REFERENCES tenants(id),
  name        text NOT NULL,
  email       text NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX customers_tenant_id ON customers(tenant_id);

CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  tenant_id    integer NOT NULL REFERENCES tenants(id),
  customer_id  bigint NOT NULL REFERENCES customers(id),
  title        text NOT NULL,
  status       text NOT NULL,
  value_cents  bigint NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX jobs_tenant_id ON jobs(tenant_id);

CREATE TABLE unified_ai_memory (
  id          bigserial PRIMARY KEY,
  type        text NOT NULL,
  content     text NOT NULL,
  created_at  timestamptz NOT NULL
);

CREATE TABLE agent_executions (
  id                 bigserial PRIMARY KEY,
  agent_name         text NOT NULL,
  status             text NOT NULL,
  execution_time_ms  integer NOT NULL,
  created_at         timestamptz NOT NULL
);
CREATE INDEX agent_executions_created_at ON agent_executions(created_at DESC);

CREATE TABLE webhook_events (
  id           bigserial PRIMARY KEY,
  stripe_id    text NOT NULL UNIQUE,
  event_type   text NOT NULL,
  payload      jsonb NOT NULL,
  received_at  timestamptz NOT NULL
);

INSERT INTO tenants (id, name, plan, created_at)
SELECT i,
       (ARRAY['Summit','Ridge','Cedar','Granite','Harbor','Prairie','Copper','Aspen'])[1 + i % 8]
         || ' Roofing ' || i,
       (ARRAY['starter','growth','enterprise'])[1 + (i * 7) % 3],
       now() - (i || ' days')::interval
FROM generate_series(1, 148) AS i;

-- Skewed so that "customers by tenant" has a clear top ten.
INSERT INTO customers (tenant_id, name, email, created_at)
SELECT 1 + floor(148 * power(random(), 2))::int,
       'Customer ' || i,
       'customer' || i || '@example.com',
       now() - (random() * 720 || ' days')::interval
FROM generate_series(1, 10000) AS i;

INSERT INTO jobs (tenant_id, customer_id, title, status, value_cents, created_at)
SELECT c.tenant_id,
       c.id,
       (ARRAY['Roof inspection','Shingle repair','Full replacement','Gutter install','Leak repair'])[1 + i % 5],
       (ARRAY['scheduled','in_progress','completed','completed','invoiced'])[1 + (i * 3) % 5],
       (50000 + random() * 2000000)::bigint,
       now() - (random() * 365 || ' days')::interval
FROM generate_series(1, 18400) AS i
JOIN customers c ON c.id = 1 + (i * 7919) % 10000;

INSERT INTO unified_ai_memory (type, content, created_at)
SELECT (ARRAY['insight','decision','conversation','pattern','feedback'])[1 + i % 5],
       'memory entry ' || i,
       now() - (random() * 30 || ' days')::interval
FROM generate_series(1, 2500) AS i;

INSERT INTO agent_executions (agent_name, status, execution_time_ms, created_at)
SELECT (ARRAY['CustomerIntelligence','RevenueOptimizer','PricingOptimizer','InventoryAgent',
              'PayrollAgent','MaintenanceAgent','BlogAutomation','SEOOptimizer',
              'SocialMediaAgent','APIManagementAgent','WebhookMonitor'])[1 + i % 11],
       CASE WHEN random() < 0.94 THEN 'completed' WHEN random() < 0.5 THEN 'failed' ELSE 'timeout' END,
       (200 + random() * 9000)::int,
       now() - (i * 37 || ' seconds')::interval
FROM generate_series(1, 5000) AS i;

INSERT INTO webhook_events (stripe_id, event_type, payload, received_at)
SELECT 'evt_' || md5(i::text),
       (ARRAY['invoice.paid','customer.subscription.updated','charge.succeeded','invoice.payment_failed'])[1 + i % 4],
       jsonb_build_object('id', 'evt_' || md5(i::text), 'livemode', false),
       now() - (i * 90 || ' seconds')::interval
FROM generate_series(1, 1200) AS i;

ANALYZE;

-- The role /sql connects as in the demo: read-only, as the README recommends for production.
-- Its password is generated after the seed (DemoDatabase); until then it cannot log in.
CREATE ROLE opsbot_readonly LOGIN;
GRANT CONNECT ON DATABASE postgres TO opsbot_readonly;
GRANT USAGE ON SCHEMA public TO opsbot_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO opsbot_readonly;
ALTER ROLE opsbot_readonly SET default_transaction_read_only = on;
