/** The repository's own workflows: third-party actions pinned by commit SHA, with the version beside it. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../test-support/runner.js';

const WORKFLOWS = path.join(REPO_ROOT, '.github', 'workflows');

function usesLines(): { file: string; line: string }[] {
  return readdirSync(WORKFLOWS)
    .filter((file) => /\.ya?ml$/.test(file))
    .flatMap((file) =>
      readFileSync(path.join(WORKFLOWS, file), 'utf8')
        .split('\n')
        .filter((line) => /^\s*(-\s+)?uses:/.test(line))
        .map((line) => ({ file, line: line.trim() })),
    );
}

const PINNED = /uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # (v\d+(\.\d+){0,2})$/;

describe('workflows', () => {
  it('pin every third-party action to a commit SHA with its version in a comment', () => {
    const unpinned = usesLines()
      .filter(({ line }) => !/uses: \.\/?$/.test(line) && !PINNED.test(line))
      .map(({ file, line }) => `${file}: ${line}`);
    expect(unpinned).toEqual([]);
  });

  it('pin each action to the same commit everywhere', () => {
    const shas = new Map<string, Set<string>>();
    for (const { line } of usesLines()) {
      const match = PINNED.exec(line);
      if (!match) continue;
      const action = match[1]!.split('/').slice(0, 2).join('/');
      shas.set(action, new Set([...(shas.get(action) ?? []), match[2]!]));
    }
    expect(shas.size).toBeGreaterThan(0);
    for (const [action, set] of shas) expect([...set], action).toHaveLength(1);
  });

  it('run the action itself with uses: ./', () => {
    expect(usesLines().filter(({ line }) => /uses: \.\/$/.test(line)).length).toBeGreaterThanOrEqual(3);
  });
});
