/**
 * The checkout tables, shared by both variants.
 *
 * - `products.released_stock` is every unit ever put on sale (the seed's stock plus each
 *   release): units promised to customers beyond it were oversold.
 * - Prices are versioned by the database itself: a trigger bumps `price_version` on any price
 *   change (admin API or plain SQL) and appends it to `product_prices` with the moment it took
 *   the row lock, so "the price in force when this order was created" is a query, not a guess.
 * - `checkout_requests` holds the hardened variant's idempotency keys (unique by construction);
 *   the naive variant stores the client's key on the order and never looks at it again.
 */
export const checkoutSchemaSql = `
CREATE TABLE products (
  sku text PRIMARY KEY,
  name text NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents > 0),
  price_version integer NOT NULL DEFAULT 1,
  stock integer NOT NULL CHECK (stock >= 0),
  released_stock integer NOT NULL CHECK (released_stock >= 0),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE product_prices (
  sku text NOT NULL REFERENCES products (sku),
  price_version integer NOT NULL,
  price_cents integer NOT NULL,
  valid_from timestamptz NOT NULL,
  PRIMARY KEY (sku, price_version)
);
CREATE INDEX product_prices_in_force_idx ON product_prices (sku, valid_from DESC);

CREATE FUNCTION products_version_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.price_cents IS DISTINCT FROM OLD.price_cents THEN
    NEW.price_version := OLD.price_version + 1;
  ELSE
    NEW.price_version := OLD.price_version;
  END IF;
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END $$;

CREATE FUNCTION products_record_price() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.price_version <> OLD.price_version THEN
    INSERT INTO product_prices (sku, price_version, price_cents, valid_from)
    VALUES (NEW.sku, NEW.price_version, NEW.price_cents, NEW.updated_at);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER products_version_price BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION products_version_price();
CREATE TRIGGER products_record_price AFTER INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION products_record_price();

CREATE TABLE orders (
  id text PRIMARY KEY,
  sku text NOT NULL REFERENCES products (sku),
  quantity integer NOT NULL CHECK (quantity > 0),
  customer_id text NOT NULL,
  -- The key the client sent. Unique per checkout intent for the hardened variant (through
  -- checkout_requests); the naive variant creates one order per request that reaches it.
  idempotency_key text NOT NULL,
  unit_price_cents integer NOT NULL,
  price_version integer NOT NULL,
  amount_cents integer NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'failed')),
  charge_id text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX orders_idempotency_key_idx ON orders (idempotency_key);
CREATE INDEX orders_sku_idx ON orders (sku);

CREATE TABLE checkout_requests (
  idempotency_key text PRIMARY KEY,
  -- The request's parameters: the same key with other parameters is refused.
  fingerprint text NOT NULL,
  state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
  -- Set once stock is reserved: a request that takes over an abandoned key resumes from it.
  order_id text REFERENCES orders (id),
  -- While in progress, nobody else works on the key before this moment.
  locked_until timestamptz,
  -- What the request came to (an order, or sold out): replayed for every later request with the key.
  outcome jsonb,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- The hardened reconciler's work list (keys in progress whose lease ended) stays small.
CREATE INDEX checkout_requests_in_progress_idx ON checkout_requests (locked_until) WHERE state = 'in_progress';
`;

/** Drops what the schema creates, so that a seed always starts from nothing. */
export const checkoutDropSql = `
DROP TABLE IF EXISTS checkout_requests, orders, product_prices, products CASCADE;
DROP FUNCTION IF EXISTS products_version_price() CASCADE;
DROP FUNCTION IF EXISTS products_record_price() CASCADE;
`;

/** Prefix of every Redis key the checkout services write (the seed removes them all). */
export const checkoutRedisPrefix = 'checkout:';

/** Where the naive variant keeps an order's payment status (a bare string). */
export function orderStatusKey(orderId: string): string {
  return `${checkoutRedisPrefix}order:${orderId}:status`;
}

/** Where the hardened variant caches a settled order's view (JSON); a miss reads the database. */
export function orderViewKey(orderId: string): string {
  return `${checkoutRedisPrefix}order:${orderId}:view`;
}

/** The naive variant's confirmation-email queue (a Redis list of order ids). */
export const confirmationEmailQueue = `${checkoutRedisPrefix}emails:confirmation`;
