/**
 * The register as open data: what each file holds and how to check it, and the files themselves.
 *
 *   GET /open-data                            what the files hold, how to verify them, the register's last hash and key
 *   GET /register/download/register.jsonl     every entry with its hashes and signed heads (JSON Lines)
 *   GET /register/download/register.csv       one row per entry, for a spreadsheet
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { csvColumns, exportFormat, exportVersion } from '../../../store/export';
import { keptRegisterFiles } from '../openData';
import { withViewer, type Portal } from '../plugin';

/** Each file's address, type and name, in one place for the routes and the page. */
export const registerDownloads = {
  jsonl: { href: '/register/download/register.jsonl', type: 'application/x-ndjson; charset=utf-8', filename: 'register.jsonl' },
  csv: { href: '/register/download/register.csv', type: 'text/csv; charset=utf-8; header=present', filename: 'register.csv' },
} as const;

/** A file's size as a reader says it: "12 KB". */
const sizeInWords = (text: string): string => {
  const bytes = Buffer.byteLength(text);
  return bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
};

export function openDataPages(scope: FastifyInstance, portal: Portal): void {
  const files = keptRegisterFiles(portal.context.db);

  scope.get('/open-data', async (request, reply) => {
    const [viewer, kept] = await Promise.all([portal.viewer(request), files()]);
    return portal.pages.page(request, reply, 'open-data.njk', { title: 'Open data', ...withViewer(viewer) }, {
      files: kept,
      downloads: registerDownloads,
      sizes: { jsonl: sizeInWords(kept.jsonl), csv: sizeInWords(kept.csv) },
      csvColumns,
      exportFormat,
      exportVersion,
    });
  });

  const send = (reply: FastifyReply, format: keyof typeof registerDownloads, body: string) =>
    reply.type(registerDownloads[format].type).header('content-disposition', `attachment; filename="${registerDownloads[format].filename}"`).send(body);
  scope.get(registerDownloads.jsonl.href, async (_request, reply) => send(reply, 'jsonl', (await files()).jsonl));
  scope.get(registerDownloads.csv.href, async (_request, reply) => send(reply, 'csv', (await files()).csv));
}
