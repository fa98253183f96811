import { BerthError } from '../errors.js';

/**
 * `.env.sandbox` (SPEC §3a): KEY=value lines, comments allowed, readable by
 * docker compose's --env-file and by a POSIX shell's `source`.
 */

export interface EnvSection {
  comment: string;
  entries: Record<string, string | number>;
}

const SAFE = /^[A-Za-z0-9_./:@%+,=-]*$/;

/** One value, quoted only when it has to be (single quotes: literal in compose and sh). */
export function quoteEnvValue(key: string, value: string): string {
  if (SAFE.test(value)) return value;
  if (value.includes("'") || value.includes('\n')) {
    throw new BerthError('env-file', `cannot write ${key}: its value holds a quote or a newline`, {
      hint: 'use a path without quotes or newlines',
    });
  }
  return `'${value}'`;
}

export function renderEnvFile(header: string, sections: readonly EnvSection[]): string {
  const lines = header.split('\n').map((l) => (l ? `# ${l}` : '#'));
  for (const section of sections) {
    if (Object.keys(section.entries).length === 0) continue;
    lines.push('', `# ${section.comment}`);
    for (const [key, value] of Object.entries(section.entries))
      lines.push(`${key}=${quoteEnvValue(key, String(value))}`);
  }
  return `${lines.join('\n')}\n`;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Parses an env file: blank lines and `#` comments are skipped, `export ` is
 * allowed, values may be single- or double-quoted, an unquoted value ends at
 * ` #`, and `=` may appear inside values. A malformed line is an error naming
 * the file and line.
 */
export function parseEnvFile(text: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const where = `${file}:${i + 1}`;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const body = line.startsWith('export ') ? line.slice(7).trimStart() : line;
    const eq = body.indexOf('=');
    if (eq <= 0) throw envError(where, `expected KEY=value, got '${truncate(line)}'`);
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) throw envError(where, `'${truncate(key)}' is not a valid variable name`);
    out.set(key, parseValue(body.slice(eq + 1).trim(), where));
  });
  return out;
}

function parseValue(rest: string, where: string): string {
  const quote = rest[0];
  if (quote === "'" || quote === '"') {
    let value = '';
    let i = 1;
    for (; i < rest.length; i++) {
      const ch = rest[i]!;
      if (ch === quote) break;
      if (quote === '"' && ch === '\\' && i + 1 < rest.length) {
        const next = rest[++i]!;
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        continue;
      }
      value += ch;
    }
    if (i >= rest.length) throw envError(where, `unterminated ${quote === '"' ? 'double' : 'single'} quote`);
    const after = rest.slice(i + 1).trim();
    if (after !== '' && !after.startsWith('#'))
      throw envError(where, `unexpected text after the closing quote`);
    return value;
  }
  const comment = rest.search(/\s#/);
  return (comment >= 0 ? rest.slice(0, comment) : rest).trim();
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function envError(where: string, message: string): BerthError {
  return new BerthError('env-file', `${where}: ${message}`, {
    hint: 'fix that line, or delete the file and run init again to rewrite it',
  });
}
