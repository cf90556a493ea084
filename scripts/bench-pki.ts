/**
 * Validation cost of src/pki against the floor: checkCertificate over N leaf files vs a bare
 * node:crypto parse-and-verify loop over the same files.
 * Run: node --import tsx scripts/bench-pki.ts [count]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkCertificate, type FileInput } from '../src/pki/index.js';
import { makeCA, makeKeys, makeLeaf } from '../test-support/pki.js';
import { medianMs, verifiedUnderCa } from './bench-floor.js';

const COUNT = Number(process.argv[2] ?? 1000);
const RUNS = 5;
const RSA_2048 = { alg: 'rsa', bits: 2048 } as const;

async function writePki(folder: string): Promise<{ caFile: string; leafFiles: string[] }> {
  const ca = await makeCA({ key: RSA_2048 });
  // One key for every leaf, as in the research run (re-signing one CSR with new serials).
  const keys = await makeKeys(RSA_2048);
  const caFile = path.join(folder, 'rootca.crt');
  await writeFile(caFile, ca.certPem);
  const leafFiles: string[] = [];
  for (let index = 0; index < COUNT; index += 1) {
    const leaf = await makeLeaf(ca, { keys });
    const file = path.join(folder, `leaf-${index}.crt`);
    await writeFile(file, leaf.certPem);
    leafFiles.push(file);
  }
  return { caFile, leafFiles };
}

async function checkLoop(originCa: FileInput, leaves: Buffer[]): Promise<number> {
  let clean = 0;
  const now = new Date();
  for (const [index, bytes] of leaves.entries()) {
    const { findings } = await checkCertificate({
      zone: 'example.com',
      name: `leaf-${index}`,
      certificate: { path: `leaf-${index}.crt`, bytes },
      originCa,
      hostnames: ['app.example.com'],
      ignore: [],
      now,
      warnDays: 30,
      failDays: 14,
      changed: true,
    });
    if (!findings.some((finding) => finding.severity === 'error')) clean += 1;
  }
  return clean;
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'aop-bench-pki-'));
  try {
    const { caFile, leafFiles } = await writePki(folder);
    const caPem = await readFile(caFile);
    const leaves = await Promise.all(leafFiles.map((file) => readFile(file)));
    const bare = await medianMs(RUNS, () => Promise.resolve(verifiedUnderCa(caPem, leaves)));
    const checked = await medianMs(RUNS, () => checkLoop({ path: 'rootca.crt', bytes: caPem }, leaves));
    if (bare.result !== COUNT || checked.result !== COUNT) {
      throw new Error(
        `expected ${COUNT} valid certificates, got ${bare.result} (bare) and ${checked.result} (check)`,
      );
    }
    const perCert = (ms: number) => `${((ms * 1000) / COUNT).toFixed(0)} µs/cert`;
    console.log(
      `Node ${process.version}, ${COUNT} RSA-2048 leaves under an RSA-2048 CA, median of ${RUNS} runs`,
    );
    console.log(`node:crypto parse + verify : ${bare.ms.toFixed(1)} ms (${perCert(bare.ms)})`);
    console.log(`checkCertificate (all lints): ${checked.ms.toFixed(1)} ms (${perCert(checked.ms)})`);
    console.log(`ratio                      : ${(checked.ms / bare.ms).toFixed(2)}x (target: within 10x)`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
