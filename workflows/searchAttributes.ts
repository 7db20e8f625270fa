/**
 * The search attributes operators filter on in the Temporal UI, e.g.
 * `GovProductId = "benefits-map" AND GovStatus = "awaitingVotes"`. The worker's
 * start-up, the test servers and the workflows all register or set these keys.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const productIdKey = defineSearchAttributeKey('GovProductId', SearchAttributeType.KEYWORD);
export const gateKey = defineSearchAttributeKey('GovGate', SearchAttributeType.KEYWORD);
export const statusKey = defineSearchAttributeKey('GovStatus', SearchAttributeType.KEYWORD);
export const boardKey = defineSearchAttributeKey('GovBoard', SearchAttributeType.KEYWORD);
export const stageKey = defineSearchAttributeKey('GovStage', SearchAttributeType.KEYWORD);

export const governanceSearchAttributes = [productIdKey, gateKey, statusKey, boardKey, stageKey];
