/**
 * The outbox: one folder per recipient, one JSON file per notification. A
 * mail or chat gateway can deliver from it; the client reads it as "my
 * notifications". Each notification is written once per recipient however
 * often Temporal retries the activity that sends it.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification } from '../machines/effects';

export interface Delivered {
  readonly notificationId: string;
  readonly to: string;
  readonly subject: string;
  readonly body: string;
  readonly deliveredAt: string;
}

const safe = (name: string) => encodeURIComponent(name);

/** Writes `notification` to each recipient's folder unless it is already there; returns how many were new. */
export async function deliver(dir: string, notification: Notification, now: Date = new Date()): Promise<number> {
  let written = 0;
  for (const to of new Set(notification.to)) {
    const folder = join(dir, safe(to));
    await mkdir(folder, { recursive: true });
    const entry: Delivered = { notificationId: notification.notificationId, to, subject: notification.subject, body: notification.body, deliveredAt: now.toISOString() };
    const temporary = join(folder, `.${randomUUID()}.tmp`);
    await writeFile(temporary, JSON.stringify(entry, null, 2) + '\n', { flag: 'wx' });
    try {
      await link(temporary, join(folder, `${safe(notification.notificationId)}.json`));
      written += 1;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }
  return written;
}

/** A recipient's notifications, oldest first. */
export async function readOutbox(dir: string, recipient: string): Promise<Delivered[]> {
  let names: string[];
  try {
    names = await readdir(join(dir, safe(recipient)));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const entries = await Promise.all(
    names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map(async (n) => JSON.parse(await readFile(join(dir, safe(recipient), n), 'utf8')) as Delivered),
  );
  return entries.sort((a, b) => a.deliveredAt.localeCompare(b.deliveredAt) || a.notificationId.localeCompare(b.notificationId));
}
