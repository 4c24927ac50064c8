/**
 * the web cabinet speaks Kazakh, Russian and English everywhere. Fails when a key is
 * missing or empty in any language, when placeholders differ between languages, when the code
 * uses a key no catalogue has, or when a screen carries text outside the catalogues (JSX text or
 * a user-visible attribute written as a literal).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';
import { kk } from '../../web/src/i18n/kk.ts';
import { ru } from '../../web/src/i18n/ru.ts';
import { en } from '../../web/src/i18n/en.ts';

const SRC = fileURLToPath(new URL('../../web/src/', import.meta.url));
const CATALOGUES = { kk, ru, en } as Record<string, unknown>;

function leaves(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk2, vv] of leaves(v, key)) out.set(kk2, vv);
  }
  return out;
}

function lookup(o: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((cur, part) => (cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined), o);
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p.includes(`${path.sep}i18n`) ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

type Node = { type: string; [k: string]: unknown };
function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (typeof n.type === 'string') visit(n);
  for (const [k, v] of Object.entries(n)) if (k !== 'parent' && v && typeof v === 'object') walk(v, visit);
}

const LETTER = /\p{L}/u;
/** Attributes a person reads or hears. */
const VISIBLE_ATTRS = new Set(['title', 'alt', 'placeholder', 'aria-label', 'label', 'hint', 'what', 'confirmLabel', 'body', 'error']);

test('X-1: every key exists, non-empty, in Kazakh, Russian and English, with the same placeholders', () => {
  const sets = Object.fromEntries(Object.entries(CATALOGUES).map(([lang, c]) => [lang, leaves(c)]));
  const all = new Set(Object.values(sets).flatMap((m) => [...m.keys()]));
  const problems: string[] = [];
  for (const key of all) {
    for (const [lang, m] of Object.entries(sets)) {
      const v = m.get(key);
      if (v === undefined) problems.push(`${lang}: missing ${key}`);
      else if (v.trim() === '') problems.push(`${lang}: empty ${key}`);
    }
    const ref = placeholders(sets.kk.get(key) ?? '');
    for (const lang of ['ru', 'en']) {
      const got = placeholders(sets[lang].get(key) ?? '');
      if (sets[lang].has(key) && JSON.stringify(got) !== JSON.stringify(ref)) problems.push(`${lang}: ${key} has placeholders ${got} but kk has ${ref}`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(all.size > 300, `only ${all.size} keys`);
});

test('X-1: Kazakh and Russian texts are not left in English', () => {
  const en = leaves(CATALOGUES.en);
  const same: string[] = [];
  for (const lang of ['kk', 'ru']) {
    for (const [key, v] of leaves(CATALOGUES[lang])) {
      // Names, units and pure placeholders may coincide; sentences may not.
      if (v === en.get(key) && /\p{L}{3,}.*\s\p{L}{3,}/u.test(v)) same.push(`${lang}: ${key}`);
    }
  }
  assert.deepEqual(same, []);
});

test('X-1: every translation key the code uses exists; dynamic keys name an existing group', () => {
  const problems: string[] = [];
  for (const file of sourceFiles()) {
    const ast = parseAst(fs.readFileSync(file, 'utf8'), { lang: file.endsWith('x') ? 'tsx' : 'ts' }, file);
    walk(ast, (n) => {
      if (n.type !== 'CallExpression') return;
      const callee = n.callee as Node;
      const isT = (callee.type === 'Identifier' && callee.name === 't') || (callee.type === 'MemberExpression' && (callee.property as Node).name === 't' && ((callee.object as Node).name === 'i18n'));
      if (!isT) return;
      const arg = (n.arguments as Node[])[0];
      if (!arg) return;
      const where = `${path.relative(SRC, file)}`;
      if (arg.type === 'Literal' && typeof arg.value === 'string') {
        for (const [lang, c] of Object.entries(CATALOGUES)) if (typeof lookup(c, arg.value) !== 'string') problems.push(`${where}: "${arg.value}" missing in ${lang}`);
      } else if (arg.type === 'TemplateLiteral') {
        const head = ((arg.quasis as Node[])[0].value as { cooked: string }).cooked.replace(/\.$/, '');
        for (const [lang, c] of Object.entries(CATALOGUES)) if (typeof lookup(c, head) !== 'object') problems.push(`${where}: group "${head}" missing in ${lang}`);
      } else if (arg.type === 'ConditionalExpression') {
        for (const side of [arg.consequent, arg.alternate] as Node[]) {
          if (side.type === 'Literal') for (const [lang, c] of Object.entries(CATALOGUES)) if (typeof lookup(c, String(side.value)) !== 'string') problems.push(`${where}: "${side.value}" missing in ${lang}`);
        }
      }
    });
  }
  assert.deepEqual(problems, []);
});

test('X-1: no UI text is hard-coded in the screens (JSX text and visible attributes come from the catalogues)', () => {
  const found: string[] = [];
  for (const file of sourceFiles().filter((f) => f.endsWith('.tsx'))) {
    const ast = parseAst(fs.readFileSync(file, 'utf8'), { lang: 'tsx' }, file);
    walk(ast, (n) => {
      if (n.type === 'JSXText' && LETTER.test(String(n.value))) found.push(`${path.relative(SRC, file)}: text "${String(n.value).trim()}"`);
      if (n.type === 'JSXAttribute') {
        const name = (n.name as Node).name as string;
        const value = n.value as Node | null;
        if (VISIBLE_ATTRS.has(name) && value?.type === 'Literal' && LETTER.test(String(value.value))) found.push(`${path.relative(SRC, file)}: ${name}="${value.value}"`);
      }
    });
  }
  assert.deepEqual(found, []);
});

test('X-1: the scanner does catch hard-coded text (self-check)', () => {
  const ast = parseAst('export const A = () => <p title="Hello">Сәлем {x}</p>;', { lang: 'tsx' }, 'x.tsx');
  const texts: string[] = [];
  walk(ast, (n) => {
    if (n.type === 'JSXText' && LETTER.test(String(n.value))) texts.push(String(n.value).trim());
  });
  assert.deepEqual(texts, ['Сәлем']);
});
