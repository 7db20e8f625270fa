/**
 * The load generator of bench:portal in a process of its own (run.ts forks it), so that autocannon
 * does not share the event loop of the server it measures, as browsers elsewhere would not. Takes
 * one job on its IPC channel, answers every 200 response's time and the count of any other status.
 */
import autocannon from 'autocannon';

export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface LoadDone {
  readonly times: number[];
  readonly refused: number;
  readonly rps: number;
  readonly errors: number;
}

/** Runs `job` here: in this process, whichever that is. */
export function runLoad(job: LoadJob): Promise<LoadDone> {
  const times: number[] = [];
  let refused = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: job.url, connections: job.connections, duration: job.duration, headers: { ...job.headers } }, (err, done) =>
      err ? reject(err) : resolve({ times, refused, rps: done.requests.average, errors: done.errors + done.non2xx }),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status === 200) times.push(responseTime);
      else refused++;
    });
  });
}

if (process.send) {
  process.once('message', (job: LoadJob) => {
    runLoad(job).then(
      (done) => process.send!(done, () => process.exit(0)),
      (err: Error) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
