/** Reading the decision register needs no Temporal connection: anyone may read it. */
import { readRegister, type RegisterEntry } from '../activities/decisionRegister';
import { registerDir } from './settings';

/** The published decisions, oldest first, optionally for one product. */
export async function readDecisions(filter: { productId?: string; registerDir?: string } = {}): Promise<RegisterEntry[]> {
  const entries = await readRegister(filter.registerDir ?? registerDir());
  return filter.productId ? entries.filter((e) => e.product.id === filter.productId) : entries;
}
