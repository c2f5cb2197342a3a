import type pg from 'pg';

/*
 * Naive: interpreted. The read-then-write stock level is the check-then-act race of source 004's
 * articles; no source shows this code.
 */

/** Stock levels, read and written by SKU. */
export function createInventory(pool: pg.Pool) {
  /** Units left for a SKU (0 when it does not exist). */
  async function getStock(sku: string): Promise<number> {
    const { rows } = await pool.query<{ stock: number }>('SELECT stock FROM products WHERE sku = $1', [sku]);
    return rows[0]?.stock ?? 0;
  }

  /** Saves the new stock level after a sale. */
  async function setStock(sku: string, stock: number): Promise<void> {
    await pool.query('UPDATE products SET stock = $2 WHERE sku = $1', [sku, stock]);
  }

  return { getStock, setStock };
}

export type Inventory = ReturnType<typeof createInventory>;
