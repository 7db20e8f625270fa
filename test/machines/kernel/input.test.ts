import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { boundsApply, describeLimits, fractionSchema, httpsUrl, isoDate, limits, list, nameText, parsePayload, reasonText, text, thousands } from '../../../machines/kernel/input';
import { describeIssues } from '../../../machines/kernel/schema';
import { boardPayloads, boardConfigSchema } from '../../../machines/productBoard/schema';
import { initiativePayloads } from '../../../machines/initiativeBoard/schema';
import { defaultProductBoardPolicy } from '../../../machines/productBoard/policy';
import { boardConfig } from '../../support/boardFixtures';

/** What a strict parse refuses with, as the host reports it; undefined when accepted. */
const refusal = (schema: z.ZodType, value: unknown, strict = true) => {
  const result = parsePayload(schema, value, { strict });
  return result.success ? undefined : describeIssues(result.error);
};
const value = (schema: z.ZodType, input: unknown, strict = true) => {
  const result = parsePayload(schema, input, { strict });
  if (!result.success) throw new Error(describeIssues(result.error));
  return result.data;
};

describe('text', () => {
  const name = nameText("the member's name");
  const description = text('the description', { max: limits.text.long, multiline: true, longer: 'put longer papers behind a link' });

  it('says how long a text is and how long it may be, in plain words', () => {
    expect(refusal(description, 'x'.repeat(600_000))).toBe('the description is 600,000 characters long; keep it to 8,000 or fewer (put longer papers behind a link)');
  });

  it('normalises to NFC and trims', () => {
    expect(value(name, '  Ame\u0301lie Okafor\t')).toBe('Am\u00e9lie Okafor');
  });

  it('keeps a multi-line text’s line breaks and tabs, with Windows line ends made plain', () => {
    expect(value(description, 'First\r\n\tthen')).toBe('First\n\tthen');
  });

  it('refuses a line break or a tab in a name, and other control characters anywhere', () => {
    expect(refusal(name, 'Ada\nLovelace')).toBe("the member's name must be on one line: remove the line break");
    expect(refusal(name, 'Ada\tLovelace')).toMatch(/control character \(U\+0009\)/);
    expect(refusal(description, 'a\u0000b')).toMatch(/control character \(U\+0000\)/);
    expect(refusal(description, 'a\u001Bb')).toMatch(/control character \(U\+001B\)/);
  });

  it('refuses direction overrides, embeddings and isolates that make text read differently', () => {
    for (const ch of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'])
      expect(refusal(name, `invoice${ch}fdp.exe`)).toMatch(/hidden character \(U\+20[26][0-9A-E]/);
    expect(refusal(name, 'abc\u202Edef')).toBe("the member's name contains a hidden character (U+202E, a right-to-left override) that can make text display differently from what it says; remove it");
  });

  it('refuses invisible characters that can disguise text', () => {
    for (const ch of ['\u200B', '\u200E', '\u200F', '\u2060', '\uFEFF', '\u00AD', '\u{E0041}'])
      expect(refusal(name, `Ada${ch}Lovelace`), `U+${ch.codePointAt(0)!.toString(16)}`).toMatch(/invisible character/);
  });

  it('takes the joiners that Persian and emoji need between two visible characters, not elsewhere', () => {
    expect(value(name, 'می\u200Cخواهم')).toBe('می\u200Cخواهم');
    expect(value(name, '👩\u200D👩\u200D👧 family')).toBe('👩\u200D👩\u200D👧 family');
    expect(refusal(name, 'Ada \u200DLovelace')).toMatch(/invisible character \(U\+200D, a zero-width joiner\)/);
  });

  it('refuses text that is empty, only white space or only invisible characters', () => {
    expect(refusal(name, '')).toBe("the member's name cannot be empty");
    expect(refusal(name, ' \u3000 ')).toBe("the member's name cannot be empty");
    expect(refusal(name, '\u200B\u200B\u2060')).toBe("the member's name is blank: it has only invisible characters; write it out");
    expect(refusal(name, '\u3164')).toMatch(/is blank/);
  });

  it('refuses half an emoji', () => {
    expect(refusal(name, 'Ada \uD83D')).toMatch(/broken character/);
  });

  it('with the bounds off, checks only what the field checked before them', () => {
    const reason = reasonText('the reason');
    expect(value(name, 'x'.repeat(600_000), false)).toHaveLength(600_000);
    expect(value(name, 'abc\u202Edef', false)).toBe('abc\u202Edef');
    expect(value(name, 'Ame\u0301lie', false)).toBe('Ame\u0301lie');
    expect(refusal(name, '   ', false)).toBe("the member's name cannot be empty");
    expect(refusal(reason, 'x'.repeat(4001), false)).toBe('the reason is 4,001 characters long; keep it to 4,000 or fewer');
  });

  it('with the bounds off, leaves a field that took any string taking it', () => {
    const unmet = text('an unmet rule', { max: limits.text.finding, before: { untrimmed: true } });
    expect(value(unmet, ' untrimmed ', false)).toBe(' untrimmed ');
    expect(value(unmet, '', false)).toBe('');
    expect(value(unmet, ' trimmed ')).toBe('trimmed');
    expect(refusal(unmet, '')).toBe('an unmet rule cannot be empty');
  });
});

describe('httpsUrl', () => {
  const paper = httpsUrl('the paper');

  it('takes an https link as it is', () => {
    expect(value(paper, 'https://example.org/papers/dpia.pdf?v=2#page=3')).toBe('https://example.org/papers/dpia.pdf?v=2#page=3');
  });

  it.each([
    ['javascript:alert(1)', 'the paper must be an https:// link; javascript:… is not allowed'],
    ['file:///etc/passwd', 'the paper must be an https:// link; file:… is not allowed'],
    ['data:text/html,<script>alert(1)</script>', 'the paper must be an https:// link; data:… is not allowed'],
    ['ftp://example.org/a', 'the paper must be an https:// link; ftp:… is not allowed'],
    ['http://example.org/a', 'the paper must be an https:// link; http:// links are not allowed (they can be changed on the way): use https://'],
    ['https://ada:secret@example.org/a', 'the paper carries a user name or password (before the @); send the link without them'],
    ['https://example.org/\u202Efdp.exe', 'the paper contains a hidden character (U+202E, a right-to-left override) that can make text display differently from what it says; remove it'],
  ])('refuses %s', (link, message) => {
    expect(refusal(paper, link)).toBe(message);
  });

  it('refuses a link longer than 2,000 characters', () => {
    expect(refusal(paper, `https://example.org/${'a'.repeat(2000)}`)).toBe('the paper is 2,020 characters long; keep it to 2,000 or fewer (use a shorter link)');
  });

  it('with the bounds off, takes any link the URL parser takes, as before', () => {
    expect(value(paper, 'javascript:alert(1)', false)).toBe('javascript:alert(1)');
    expect(refusal(paper, 'not a link', false)).toBe('the paper is a link (https://…)');
  });
});

describe('isoDate, numbers and shares', () => {
  it('refuses a date before 2000 or after 2200', () => {
    const startsAt = isoDate('startsAt');
    expect(value(startsAt, '2027-03-01T17:00:00Z')).toBe('2027-03-01T17:00:00Z');
    expect(refusal(startsAt, '0001-01-01T00:00:00Z')).toBe('startsAt is in the year 1; send a date between the years 2000 and 2200');
    expect(refusal(startsAt, '9999-12-31T23:59:59Z')).toBe('startsAt is in the year 9999; send a date between the years 2000 and 2200');
    expect(refusal(startsAt, 'tomorrow')).toBe('startsAt is an ISO 8601 date-time, e.g. 2027-03-01T17:00:00Z');
    expect(value(startsAt, '9999-12-31T23:59:59Z', false)).toBe('9999-12-31T23:59:59Z');
  });

  it('refuses a share above 1 or below 0', () => {
    expect(value(fractionSchema, { numerator: 2, denominator: 3 })).toEqual({ numerator: 2, denominator: 3 });
    expect(value(fractionSchema, { numerator: 1, denominator: 1 })).toEqual({ numerator: 1, denominator: 1 });
    expect(refusal(fractionSchema, { numerator: 5, denominator: 3 })).toBe('a share is at most the whole board: 5/3 is more than 1; send, for example, 1/2 or 2/3');
    expect(refusal(fractionSchema, { numerator: -1, denominator: 3 })).toMatch(/^numerator: /);
    expect(refusal(fractionSchema, { numerator: 1, denominator: 1000 })).toBe("denominator: a share's denominator is 1,000; send at most 100 (write the share in smaller numbers, for example 2/3)");
    expect(value(fractionSchema, { numerator: 5, denominator: 3 }, false)).toEqual({ numerator: 5, denominator: 3 });
  });

  it('refuses a composition rule asking for more members than any board seats', () => {
    const config = boardConfig();
    const composition = { ...config.policy.composition, minNonTechnical: 900 };
    expect(refusal(boardConfigSchema, { ...config, policy: { ...config.policy, composition } })).toBe(
      'policy.composition.minNonTechnical: the least number of non-technical members is 900; send at most 50 (no board has more than 50 seats)',
    );
  });

  it('writes thousands as people do', () => {
    expect([thousands(7), thousands(8000), thousands(600_000), thousands(1234.5678)]).toEqual(['7', '8,000', '600,000', '1,234.5678']);
  });
});

describe('lists', () => {
  it('says how many entries were sent and how many may be', () => {
    const papers = Array.from({ length: 25 }, (_, i) => `https://example.org/${i}`);
    expect(refusal(boardPayloads['item.placed'], { by: 'sec', itemId: 'i1', productId: 'p1', gate: 'alpha', papers })).toBe('papers: 25 papers were sent; send at most 20');
  });

  it('refuses the same id twice: principles, self-assessments, attendance, secretariat', () => {
    const config = boardConfig();
    const principle = { id: 'open', title: 'Open' };
    expect(refusal(boardPayloads['principles.guidingSet'], { by: 'initiative-iiigb', principles: [principle, principle], reference: 'Decision 1' })).toBe(
      'principles: principle open is listed twice among the guiding principles; list each once',
    );
    const selfAssessment = [{ principle: 'open', assessment: 'Yes' }, { principle: 'open', assessment: 'Also yes' }];
    expect(refusal(boardPayloads['item.placed'], { by: 'sec', itemId: 'i1', productId: 'p1', gate: 'alpha', selfAssessment })).toBe(
      'selfAssessment: principle open is listed twice among the self-assessments; list each once',
    );
    expect(refusal(initiativePayloads['attendance.recorded'], { by: 'sec', present: ['i1', 'i2', 'i1'] })).toBe('present: member i1 is listed twice among the members present; list each once');
    expect(refusal(boardConfigSchema, { ...config, roster: { ...config.roster, secretariat: ['sec', 'sec'] } })).toBe('roster.secretariat: sec is listed twice among the people in the secretariat; list each once');
    expect(value(initiativePayloads['attendance.recorded'], { by: 'sec', present: ['i1', 'i1'] }, false)).toEqual({ by: 'sec', present: ['i1', 'i1'] });
  });

  it('keeps a maximum a list had before the bounds with them off', () => {
    const conditions = list(z.string(), 'conditions', { max: 20, before: { max: 20 } });
    const unbounded = list(z.string(), 'papers', { max: 20 });
    const many = Array.from({ length: 21 }, () => 'x');
    expect(refusal(conditions, many, false)).toBe('21 conditions were sent; send at most 20');
    expect(value(unbounded, many, false)).toHaveLength(21);
  });
});

describe('parsePayload', () => {
  it('applies the bounds for one parse only, and by default', () => {
    expect(boundsApply()).toBe(true);
    const seen: boolean[] = [];
    const spy = z.string().check(() => void seen.push(boundsApply()));
    parsePayload(spy, 'a', { strict: false });
    expect(boundsApply()).toBe(true);
    spy.safeParse('b');
    expect(seen).toEqual([false, true]);
  });

  it('restores the bounds when a schema throws, and never throws for bad input', () => {
    const throwing = z.string().transform(() => {
      throw new Error('a bug in a schema');
    });
    expect(() => parsePayload(throwing, 'a', { strict: false })).toThrow('a bug in a schema');
    expect(boundsApply()).toBe(true);
    expect(parsePayload(boardPayloads['policy.changed'], { by: 7 }, { strict: true }).success).toBe(false);
  });

  it('restores an outer setting after a nested parse', () => {
    const seen: boolean[] = [];
    const inner = z.string().check(() => void seen.push(boundsApply()));
    const outer = z.string().check((ctx) => {
      parsePayload(inner, ctx.value, { strict: true });
      seen.push(boundsApply());
    });
    parsePayload(outer, 'a', { strict: false });
    expect(seen).toEqual([true, false]);
  });
});

describe('a policy change replaces the whole policy', () => {
  const change = boardPayloads['policy.changed'];
  const { meetings: _meetings, harm, ...withoutMeetingsAndHarm } = defaultProductBoardPolicy;

  it('takes a policy with every section', () => {
    expect(value(change, { by: 'sec', policy: defaultProductBoardPolicy, reference: 'Decision 7' })).toEqual({ by: 'sec', policy: defaultProductBoardPolicy, reference: 'Decision 7' });
  });

  it('refuses one that leaves sections out without saying it keeps them', () => {
    expect(refusal(change, { by: 'sec', policy: withoutMeetingsAndHarm, reference: 'Decision 7' })).toBe(
      'policy: the policy leaves out "meetings", "harm": a policy change replaces the whole policy, so send every section, or name those the board keeps as they are, for example "keep": ["meetings", "harm"]',
    );
  });

  it('takes one that names the sections it keeps, and leaves them out of the change', () => {
    const parsed = value(change, { by: 'sec', policy: withoutMeetingsAndHarm, keep: ['meetings', 'harm'], reference: 'Decision 7' }) as { policy: object; keep: string[] };
    expect(parsed.policy).toEqual(withoutMeetingsAndHarm);
    expect(parsed.keep).toEqual(['meetings', 'harm']);
  });

  it('refuses a section both sent and kept, and a kept section that does not exist', () => {
    expect(refusal(change, { by: 'sec', policy: { ...withoutMeetingsAndHarm, harm }, keep: ['harm', 'meetings'], reference: 'Decision 7' })).toBe(
      'policy: the policy sends "harm" and also keeps it: send a section or name it in keep, not both',
    );
    expect(refusal(change, { by: 'sec', policy: withoutMeetingsAndHarm, keep: ['meetings', 'harms'], reference: 'Decision 7' })).toMatch(/^keep\.1: a kept section is one of: quorum, passing/);
  });

  it('with the bounds off, fills a section left out with its default, as it did before keep', () => {
    const parsed = value(change, { by: 'sec', policy: withoutMeetingsAndHarm, reference: 'Decision 7' }, false) as { policy: object };
    expect(JSON.stringify(parsed.policy)).toBe(JSON.stringify(defaultProductBoardPolicy));
    expect(refusal(change, { by: 'sec', policy: { ...withoutMeetingsAndHarm, quorum: undefined }, reference: 'Decision 7' }, false)).toMatch(/leaves out "quorum"/);
  });
});

describe('the limits', () => {
  it('are printed as one table', () => {
    const table = describeLimits();
    expect(table).toContain("| a product's description; the text of a submission, an item or an action | 8,000 characters |");
    expect(table).toContain("| an item's papers | 20 entries |");
    expect(table).toContain('| every date | in the years 2000–2200 |');
  });

  it('are the table the README shows', () => {
    expect(readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8')).toContain(describeLimits());
  });
});
