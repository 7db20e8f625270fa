/**
 * Registers the governance search attributes on a namespace, adding only the
 * missing ones, so it is safe on every start and on any server that exposes
 * the operator service (dev server, self-hosted cluster, test server).
 */
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
// A CommonJS package: Node's ESM loader sees only its default export.
import proto from '@temporalio/proto';
import { governanceSearchAttributes } from '../workflows/searchAttributes';

const { IndexedValueType } = proto.temporal.api.enums.v1;

const indexedType = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
} as const;

/** Returns the names it added (empty when all were there). */
export async function ensureSearchAttributes(connection: Pick<Connection, 'operatorService'>, namespace: string): Promise<string[]> {
  const existing = await existingAttributes(connection, namespace);
  const missing = governanceSearchAttributes.filter((key) => !existing.has(key.name));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType[key.type]])),
    });
  } catch (err) {
    if (!isGrpcServiceError(err) || err.code !== status.ALREADY_EXISTS) throw err;
  }
  return missing.map((key) => key.name);
}

/** The Java time-skipping server can add search attributes but not list them: there, assume none. */
async function existingAttributes(connection: Pick<Connection, 'operatorService'>, namespace: string): Promise<Set<string>> {
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(customAttributes ?? {}));
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === status.UNIMPLEMENTED) return new Set();
    throw err;
  }
}
