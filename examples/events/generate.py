"""Write the transfer-event log of the bundled example (examples/ecommerce.yaml) for 2026:

    python examples/events/generate.py            # -> examples/ecommerce-events.parquet

Seeded and synthetic: subject keys are salted hashes of sequence numbers, no person behind
them. The shops' customers order on random days; every order goes from the Beijing platform
to the Singapore cloud and on to the German seller, one in ten to the US analytics firm
(from 1 July with the CN mechanisms in place, declared in the event's `safeguards`), one in
five payments to the seller; the German seller sends its customers to its US CRM, its US
analytics processor and its Japanese affiliate; the Russian shop its buyers to Germany.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

OUT = Path(__file__).resolve().parents[1] / "ecommerce-events.parquet"
SEED = 0.42
CN_SHOPPERS, EU_CUSTOMERS, RU_BUYERS = 112_000, 60_000, 9_000
MECHANISMS = "cn.standard-contract,cn.pipia,cn.notice,cn.separate-consent"

SQL = f"""
WITH shoppers AS (
  SELECT i, 'platform-cn' AS salt, CAST(floor(random() * 365) AS INTEGER) AS first_day,
         1 + CAST(floor(random() * 3) AS INTEGER) AS orders
  FROM range({CN_SHOPPERS}) t(i)),
orders AS (
  SELECT s.i, s.salt, LEAST(364, s.first_day + CAST(floor(random() * 60) AS INTEGER) * (k > 0)::INTEGER) AS d,
         random() AS r
  FROM shoppers s, range(3) o(k) WHERE o.k < s.orders),
cn AS (
  SELECT d, i, salt, 'platform-cn' AS exporter, 'cloud-sg' AS importer, 'orders-to-sg-cloud' AS flow,
         'cn-orders' AS dataset, CAST(NULL AS VARCHAR) AS safeguards FROM orders
  UNION ALL SELECT d, i, salt, 'cloud-sg', 'seller-de', 'orders-to-seller', 'cn-orders', NULL FROM orders
  UNION ALL SELECT d, i, salt, 'platform-cn', 'analytics-us', 'orders-to-analytics', 'cn-orders',
         CASE WHEN d >= 181 THEN '{MECHANISMS}' END FROM orders WHERE r < 0.1
  UNION ALL SELECT d, i, salt, 'platform-cn', 'seller-de', 'payments-to-seller', 'cn-payments', NULL
         FROM orders WHERE r >= 0.8),
eu AS (
  SELECT CAST(floor(random() * 365) AS INTEGER) AS d, i, 'seller-de' AS salt, random() AS r
  FROM range({EU_CUSTOMERS}) t(i)),
eu_events AS (
  SELECT d, i, salt, 'seller-de' AS exporter, 'crm-us' AS importer, 'eu-customers-to-crm' AS flow,
         'eu-customers' AS dataset, CAST(NULL AS VARCHAR) AS safeguards FROM eu
  UNION ALL SELECT d, i, salt, 'seller-de', 'analytics-us', 'eu-customers-to-analytics', 'eu-customers', NULL
         FROM eu WHERE r < 0.3
  UNION ALL SELECT d, i, salt, 'seller-de', 'seller-jp', 'eu-customers-to-jp', 'eu-customers', NULL
         FROM eu WHERE r >= 0.9),
ru AS (
  SELECT CAST(floor(random() * 365) AS INTEGER) AS d, i, 'shop-ru' AS salt, 'shop-ru' AS exporter,
         'seller-de' AS importer, 'ru-buyers-to-seller' AS flow, 'ru-buyers' AS dataset,
         CAST(NULL AS VARCHAR) AS safeguards FROM range({RU_BUYERS}) t(i)),
everything AS (SELECT * FROM cn UNION ALL SELECT * FROM eu_events UNION ALL SELECT * FROM ru)
SELECT DATE '2026-01-01' + d * INTERVAL 1 DAY + (hash(i, flow) % 86400) * INTERVAL 1 SECOND AS time,
       exporter, importer, substr(md5(salt || ':' || i), 1, 16) AS subject, dataset, flow, safeguards
FROM everything ORDER BY time
"""


def main(out: Path = OUT) -> int:
    con = duckdb.connect()
    con.execute("SET threads = 1")  # one thread: the same seed gives the same rows
    con.execute(f"SELECT setseed({SEED})")
    con.execute(f"COPY ({SQL}) TO '{out}' (FORMAT parquet, COMPRESSION zstd)")
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
    print(f"{out.name}: {rows:,} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
