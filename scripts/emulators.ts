/**
 * `npm run emulators [-- --zone <id> ...] [--write-env <file>]`: starts the Cloudflare emulator on
 * loopback on its own and keeps it running until stopped, so the action can be run against it
 * from outside the tests: by `npm run local`, or by CI's `uses: ./` job. It prints the API URL and
 * the token, and with `--write-env` also appends `AOP_CF_API_URL=…` and `AOP_CF_API_TOKEN=…` to
 * that file (e.g. $GITHUB_ENV), written only once the emulator answers.
 */
import { appendFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startCloudflareEmulator } from '../test-support/cloudflare/emulator.js';

/** The zone of the demo's manifest (scripts/demo-pki.ts), so the two work together by default. */
const DEMO_ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';

const { values } = parseArgs({
  options: {
    zone: { type: 'string', multiple: true },
    'write-env': { type: 'string' },
  },
});

const zones = values.zone?.length ? values.zone : [DEMO_ZONE_ID];
const cloudflare = await startCloudflareEmulator({ zones, statusStepMs: 100 });
console.log(`Cloudflare emulator: ${cloudflare.url} (token ${cloudflare.token}; zones ${zones.join(', ')})`);
if (values['write-env'])
  await appendFile(
    values['write-env'],
    `AOP_CF_API_URL=${cloudflare.url}\nAOP_CF_API_TOKEN=${cloudflare.token}\n`,
  );

const stop = () => {
  void cloudflare.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
