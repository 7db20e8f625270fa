/** Reading the decision register needs no Temporal connection: anyone may read it. */
import { readRegister, type RegisterEntry } from '../activities/decisionRegister';
import { registerDir } from './settings';

/** The published decisions and minutes, oldest first; with `productId`, that product's decisions only. */
export async function readDecisions(filter: { productId?: string; registerDir?: string } = {}): Promise<RegisterEntry[]> {
  const entries = await readRegister(filter.registerDir ?? registerDir());
  return filter.productId ? entries.filter((e) => 'product' in e && e.product.id === filter.productId) : entries;
}
