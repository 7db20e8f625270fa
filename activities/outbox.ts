/**
 * The outbox: one folder per recipient, one JSON file per notification. A
 * mail or chat gateway can deliver from it; the client reads it as "my
 * notifications". Each notification is written once per recipient however
 * often Temporal retries the activity that sends it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Notification } from '../machines/kernel/effects';
import { readJsonFolder, writeJsonOnce } from './jsonFiles';

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
    if (await writeJsonOnce(join(folder, `${safe(notification.notificationId)}.json`), entry)) written += 1;
  }
  return written;
}

/** A recipient's notifications, oldest first. */
export async function readOutbox(dir: string, recipient: string): Promise<Delivered[]> {
  return (await readJsonFolder<Delivered>(join(dir, safe(recipient)))).sort((a, b) => a.deliveredAt.localeCompare(b.deliveredAt) || a.notificationId.localeCompare(b.notificationId));
}
