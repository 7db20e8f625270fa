/**
 * The messages a gate review answers, importable by clients without loading
 * workflow code. Update and Signal share each name; the payloads are the
 * machine's command schemas.
 */
import { defineQuery } from '@temporalio/workflow';
import { gateReviewPayloads } from '../../machines/gateReview/schema';
import type { GateReviewView } from '../../machines/gateReview/view';
import { commandsFor, type Receipt } from '../host/commands';

const command = commandsFor<Receipt>();

export const castVote = command('castVote', 'vote.cast', gateReviewPayloads['vote.cast']);
export const changeVote = command('changeVote', 'vote.changed', gateReviewPayloads['vote.changed']);
export const declareInterest = command('declareInterest', 'interest.declared', gateReviewPayloads['interest.declared']);
export const closeVoting = command('closeVoting', 'voting.closed', gateReviewPayloads['voting.closed']);
export const castCastingVote = command('castCastingVote', 'castingVote.cast', gateReviewPayloads['castingVote.cast']);
export const commissionAssessment = command('commissionAssessment', 'assessment.commissioned', gateReviewPayloads['assessment.commissioned']);
export const reportAssessment = command('reportAssessment', 'assessment.reported', gateReviewPayloads['assessment.reported']);

export const retryPublication = command('retryPublication', 'publication.retried', gateReviewPayloads['publication.retried']);
/** Sent by the product board's process when it removes a member while the review is open, not by people. */
export const removeMember = command('removeMember', 'member.removed', gateReviewPayloads['member.removed'], { senders: 'processes' });

export const gateReviewCommands = [castVote, changeVote, declareInterest, closeVoting, castCastingVote, commissionAssessment, reportAssessment, retryPublication, removeMember] as const;

export const statusQuery = defineQuery<GateReviewView>('status');
/** The view as the person named (the one a door signed in) may see it: the count under `hiddenUntilVoted` once they have voted. */
export const statusForQuery = defineQuery<GateReviewView, [string]>('statusFor');

/** The workflow type name, as operators see it in the Temporal UI. */
export const gateReviewWorkflowType = 'gateReview';
