/**
 * The secretariat's and the chairs' side of the portal: board business, one module for each kind of
 * task. Each serves its pages and offers its tasks on the board-business page (GET /secretariat).
 */
import type { FastifyInstance } from 'fastify';
import type { Portal } from '../../plugin';
import { castingVoteTasks } from '../initiativeChair';
import { attendancePages, attendanceTasks } from './attendance';
import { conditionPages, conditionTasks } from './conditions';
import { gatePages, gateTasks } from './gate';
import { governancePages, governanceTasks } from './governance';
import { harmPages, harmTasks } from './harms';
import { kpiPages, kpiTasks } from './kpis';
import { hubPage } from './hub';
import { meetingPages, meetingTasks } from './meetings';
import { moderationPages, moderationTasks } from './moderation';
import { memberPages, memberTasks } from './members';
import { policyPages, policyTasks } from './boardPolicy';
import { quarterPages, quarterTasks } from './quarter';
import { registrationPages, registrationTasks } from './registration';
import { reviewPages } from './reviews';
import { tiePages, tieTasks } from './ties';
import { triagePages, triageTasks } from './triage';

export { dutiesOf, type Duty } from './duty';

export function secretariatPages(scope: FastifyInstance, portal: Portal): void {
  hubPage(scope, portal, [...gateTasks, ...registrationTasks, ...conditionTasks, ...harmTasks, ...tieTasks, ...triageTasks, ...moderationTasks, ...attendanceTasks, ...memberTasks, ...policyTasks, ...meetingTasks, ...quarterTasks, ...kpiTasks, ...governanceTasks, ...castingVoteTasks]);
  gatePages(scope, portal);
  registrationPages(scope, portal);
  conditionPages(scope, portal);
  harmPages(scope, portal);
  reviewPages(scope, portal);
  triagePages(scope, portal);
  moderationPages(scope, portal);
  attendancePages(scope, portal);
  tiePages(scope, portal);
  memberPages(scope, portal);
  policyPages(scope, portal);
  meetingPages(scope, portal);
  quarterPages(scope, portal);
  kpiPages(scope, portal);
  governancePages(scope, portal);
}
