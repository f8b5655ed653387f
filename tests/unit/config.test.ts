import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV, loadConfig } from '../../src/config.js';

const README = fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('configuration', () => {
  it('the README table documents exactly the variables the schema reads', () => {
    const section = README.slice(README.indexOf('## Configuration'));
    const table = section.slice(0, section.indexOf('\n## ', 5));
    const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(ENV.shape).sort());
  });

  it('has defaults for everything, and an empty value counts as unset', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      device: 'auto',
      dtype: 'fp32',
      offline: false,
      chat: null,
      localLlm: { mode: 'auto', threads: 0 },
      server: { port: 3000, host: '127.0.0.1' },
      logLevel: 'warn',
      databaseUrl: null,
    });
    expect(config.modelDir).toBe(path.resolve('models'));
    expect(loadConfig({ TUTOR_LLM_BASE_URL: '', PORT: '' }).chat).toBeNull();
  });

  it('reads values case-insensitively where they are names, and builds the chat model settings', () => {
    const config = loadConfig({
      TUTOR_DEVICE: 'CPU',
      TUTOR_LOCAL_LLM: 'Off',
      TUTOR_LLM_BASE_URL: 'http://127.0.0.1:8080/v1',
      TUTOR_LLM_PROVIDER: 'ollama',
      PORT: '0',
    });
    expect(config.device).toBe('cpu');
    expect(config.localLlm.mode).toBe('off');
    expect(config.chat).toEqual({
      provider: 'ollama',
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'llama3.2',
      apiKey: 'not-needed',
      timeoutMs: 60_000,
    });
    expect(config.server.port).toBe(0);
  });

  it('refuses a bad value with a message that names the variable and the value', () => {
    expect(() => loadConfig({ TUTOR_DEVICE: 'tpu' })).toThrow(ConfigError);
    expect(() => loadConfig({ TUTOR_DEVICE: 'tpu' })).toThrow(/TUTOR_DEVICE.*"tpu"/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ TUTOR_LLM_THREADS: 'many' })).toThrow(/TUTOR_LLM_THREADS/);
    expect(() => loadConfig({ TUTOR_LLM_BASE_URL: 'not a url' })).toThrow(/TUTOR_LLM_BASE_URL/);
    expect(() => loadConfig({ TUTOR_DATABASE_URL: 'mysql://x' })).toThrow(/TUTOR_DATABASE_URL.*pglite.*"mysql:\/\/x"/);
    expect(() => loadConfig({ TUTOR_DATABASE_URL: 'pglite:' })).toThrow(/TUTOR_DATABASE_URL/);
  });

  it('selects the Postgres store by URL: embedded PGlite or a server', () => {
    expect(loadConfig({ TUTOR_DATABASE_URL: 'pglite:index/pg' }).databaseUrl).toBe('pglite:index/pg');
    expect(loadConfig({ TUTOR_DATABASE_URL: 'postgres://tutor@db.example/course' }).databaseUrl).toBe('postgres://tutor@db.example/course');
    expect(loadConfig({ TUTOR_DATABASE_URL: '' }).databaseUrl).toBeNull();
  });
});
