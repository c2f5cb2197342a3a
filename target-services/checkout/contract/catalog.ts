/**
 * The flash sale's catalogue: a few hot SKUs (the doorbusters everyone came for) and a long tail
 * of regular ones. SKU `SKU-0001` is the hottest; a scenario draws SKUs by rank with a Zipf skew.
 */

export interface ProductSeed {
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  /** Units on sale when the seed runs (a hot SKU may start at 0 and be released later). */
  readonly stock: number;
}

export interface CatalogOptions {
  readonly hotSkus: number;
  readonly regularSkus: number;
  /** Stock of each hot SKU at seed time (0: released later, at "midnight"). */
  readonly hotStock: number;
  /** Stock of each regular SKU: between min and max, hashed from (seed, rank). */
  readonly regularStock: { readonly min: number; readonly max: number };
  readonly seed: number;
}

/** `SKU-0007` for rank 7 (1 = hottest). */
export function skuOfRank(rank: number): string {
  if (!Number.isInteger(rank) || rank < 1 || rank > 9999) throw new RangeError(`no SKU rank ${rank} (1..9999)`);
  return `SKU-${String(rank).padStart(4, '0')}`;
}

const nouns = ['Headphones', 'Air Fryer', 'Sneakers', 'Smartwatch', 'Console', 'Blender', 'Backpack', 'Tablet', 'Speaker', 'Drone'];
const adjectives = ['Pro', 'Max', 'Lite', 'Ultra', 'Mini', 'Plus', 'Air', 'Neo'];

function unit(seed: number, rank: number, salt: number): number {
  let z = (seed ^ Math.imul(rank, 0x9e3779b9) ^ Math.imul(salt, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return ((z ^ (z >>> 16)) >>> 0) / 0x100000000;
}

/** The catalogue for these options: the same seed gives the same names, prices and stock. */
export function flashSaleCatalog(options: CatalogOptions): ProductSeed[] {
  const { hotSkus, regularSkus, hotStock, regularStock, seed } = options;
  const products: ProductSeed[] = [];
  for (let rank = 1; rank <= hotSkus + regularSkus; rank++) {
    const hot = rank <= hotSkus;
    const noun = nouns[Math.floor(unit(seed, rank, 1) * nouns.length)] as string;
    const adjective = adjectives[Math.floor(unit(seed, rank, 2) * adjectives.length)] as string;
    // Whole dollars minus a cent, $19.99 to $499.99: what a sale page shows.
    const dollars = hot ? 199 + Math.floor(unit(seed, rank, 3) * 300) : 20 + Math.floor(unit(seed, rank, 3) * 180);
    const stock = hot ? hotStock : regularStock.min + Math.floor(unit(seed, rank, 4) * (regularStock.max - regularStock.min + 1));
    products.push({
      sku: skuOfRank(rank),
      name: `${noun} ${adjective}${hot ? ' (doorbuster)' : ''}`,
      priceCents: dollars * 100 - 1,
      stock,
    });
  }
  return products;
}
