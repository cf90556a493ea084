import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

interface Lock {
  packages: Record<string, { version?: string; dependencies?: Record<string, string>; dev?: boolean }>;
}

const json = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

describe('what the bundle is made of', () => {
  it('parses certificates with its own DER reader: no second X.509 stack among the dependencies', async () => {
    const { dependencies } = await json<{ dependencies: Record<string, string> }>('package.json');
    for (const name of ['@peculiar/x509', 'reflect-metadata', 'tsyringe', 'ajv']) {
      expect(dependencies).not.toHaveProperty(name);
    }
  });

  it('ships one undici, the one the toolkit packages use', async () => {
    const lock = await json<Lock>('package-lock.json');
    const copies = Object.entries(lock.packages).filter(
      ([where, entry]) => where.endsWith('node_modules/undici') && !entry.dev,
    );
    expect(copies.map(([where]) => where)).toEqual(['node_modules/undici']);
    const wanted = ['@actions/http-client', '@actions/github'].map(
      (name) => lock.packages[`node_modules/${name}`]?.dependencies?.undici,
    );
    const { dependencies } = await json<{ dependencies: Record<string, string> }>('package.json');
    expect(wanted).toEqual([dependencies.undici, dependencies.undici]);
  });
});
