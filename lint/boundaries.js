/**
 * doxguard's own import-boundary rules, resolved on paths rather than on
 * import strings (a relative specifier reads differently from every depth).
 * A "stage" is a top-level folder: `src/<name>` or `detectors`.
 *
 * - `doxguard/never`: the design's "never" arrows. Options: a list of
 *   `{ name, from: [folder], to: [folder], message }`; an import from a file
 *   under a `from` folder of a file under a `to` folder fails with the rule's
 *   name and message. Imports inside one stage are never checked.
 * - `doxguard/via-index`: a stage imports another stage through its `index.ts`
 *   only; the `lazy` sub-folders (Kafka adapters, loaded on demand so file
 *   mode never loads kafkajs; config's secrets, read by a Kafka client that
 *   must not load the config schema and every detector with it) are entered
 *   through their own `index.ts`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Repo-relative posix path of an absolute one. */
function rel(abs) {
  return path.relative(ROOT, abs).split(path.sep).join('/');
}

/** `src/<name>` or `detectors` for a repo-relative path; null outside them. */
export function stageOf(file) {
  const parts = file.split('/');
  if (parts[0] === 'detectors') return 'detectors';
  if (parts[0] === 'src' && parts.length > 2) return `src/${parts[1]}`;
  return null;
}

const within = (file, folder) => file === folder || file.startsWith(folder + '/');

/** Calls `check(node, target)` for every relative import, export-from and literal import() of the file. */
function eachImport(context, check) {
  const importer = rel(context.filename);
  const visit = (node, source) => {
    if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
    const target = rel(path.resolve(path.dirname(context.filename), source.value)).replace(/\.js$/, '.ts');
    check(node, importer, target);
  };
  return {
    ImportDeclaration: (n) => visit(n, n.source),
    ExportNamedDeclaration: (n) => visit(n, n.source),
    ExportAllDeclaration: (n) => visit(n, n.source),
    ImportExpression: (n) => visit(n, n.source.type === 'Literal' ? n.source : null),
  };
}

const never = {
  meta: {
    type: 'problem',
    docs: { description: "the design's forbidden imports between stages" },
    schema: [
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            from: { type: 'array', items: { type: 'string' } },
            to: { type: 'array', items: { type: 'string' } },
            message: { type: 'string' },
          },
          required: ['name', 'from', 'to', 'message'],
          additionalProperties: false,
        },
      },
    ],
  },
  create(context) {
    const rules = context.options[0] ?? [];
    return eachImport(context, (node, importer, target) => {
      if (stageOf(importer) === stageOf(target)) return;
      for (const r of rules)
        if (r.from.some((f) => within(importer, f)) && r.to.some((t) => within(target, t)))
          context.report({ node, message: `[${r.name}] ${target}: ${r.message}` });
    });
  },
};

const viaIndex = {
  meta: {
    type: 'problem',
    docs: { description: "a stage imports another stage only through that stage's index.ts" },
    schema: [
      {
        type: 'object',
        properties: { lazy: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const lazy = context.options[0]?.lazy ?? [];
    return eachImport(context, (node, importer, target) => {
      const from = stageOf(importer);
      const to = stageOf(target);
      if (from === null || to === null || from === to) return;
      const door = lazy.find((l) => within(target, l)) ?? to;
      if (target === `${door}/index.ts`) return;
      context.report({
        node,
        message: `[via-index] ${target}: import ${to} through ${door}/index.ts (export what is needed there)`,
      });
    });
  },
};

export default { meta: { name: 'doxguard-boundaries' }, rules: { never, 'via-index': viaIndex } };
