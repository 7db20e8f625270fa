/**
 * The rule of moderation as issue 18 item 4 states it, written here rather than read from machines/kernel/moderation.ts,
 * for the paths tests of both processes that take public input (a submission, a harm report): each checks its machine
 * against this, event by event.
 */
export class ModerationModel {
  readonly flagged = new Set<string>();
  sinceKept = 0;
  final?: 'merged' | 'removed';
  decisions = 0;

  /** Hidden from the public: three flags since the secretariat last kept it, and no final word yet. */
  get hidden(): boolean {
    return this.final === undefined && this.sinceKept >= 3;
  }

  /** Whether a flag from `by` is taken (once per person, never once hidden or settled); if so, counts it. */
  flag(by: string): boolean {
    if (this.final || this.flagged.has(by) || this.hidden) return false;
    this.flagged.add(by);
    this.sinceKept += 1;
    return true;
  }

  /** Whether the secretariat's decision is taken (keeping answers flags; merging and removing are final); if so, applies it. */
  decide(outcome: 'kept' | 'merged' | 'removed'): boolean {
    if (this.final || (outcome === 'kept' && this.sinceKept === 0)) return false;
    this.decisions += 1;
    if (outcome === 'kept') this.sinceKept = 0;
    else this.final = outcome;
    return true;
  }
}
