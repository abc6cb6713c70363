/**
 * `local/code-import-patterns`: the layering rules, in the manner of VS Code's rule of that name.
 *
 * Each import specifier is resolved first — a relative one to its path from the repository root
 * (`src/main/core/cache/db`), a bare one stays a package name (`jsforce/lib/http-api.js`), a Node
 * built-in becomes `node:<name>` whichever way it was written — and is then matched against the
 * layers whose `target` glob matches the file being linted:
 *   - `allow`: if given, the import must match one of these globs (an allow-list);
 *   - `deny`:  the import must match none of these globs;
 *   - `except`: files matching these globs are outside the layer.
 * Every form of import counts: static and `import type`, re-exports, `import()`, `require()`,
 * `import x = require()` and `typeof import('x')` in types.
 *
 * Globs: `**` any number of path segments, `*` anything but `/`; in a list, `!glob` takes back what an
 * earlier glob matched (`['src/main/**', '!src/main/core/**']`). `node:*` matches every built-in.
 */
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file's folder's parent): paths are matched relative to it, whatever the cwd. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const cache = new Map();
function globToRegExp(glob) {
  let re = cache.get(glob);
  if (!re) {
    const body = glob
      .split(/(\*\*\/|\/\*\*|\*\*|\*)/)
      .map((part) => {
        if (part === '**/') return '(?:.*/)?';
        if (part === '/**') return '(?:/.*)?';
        if (part === '**') return '.*';
        if (part === '*') return '[^/]*';
        return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    re = new RegExp(`^${body}$`);
    cache.set(glob, re);
  }
  return re;
}

/** Whether `value` matches the list; a later `!glob` takes back what an earlier glob matched, as in .gitignore. */
function matchesAny(globs, value) {
  let matched = false;
  for (const glob of globs ?? []) {
    if (glob.startsWith('!')) {
      if (matched && globToRegExp(glob.slice(1)).test(value)) matched = false;
    } else if (!matched && globToRegExp(glob).test(value)) matched = true;
  }
  return matched;
}
const toPosix = (p) => p.split(path.sep).join('/');

/** What an import names, as the patterns see it; null for specifiers that are not strings. */
function resolveSpecifier(specifier, fileFromRoot) {
  if (specifier.startsWith('.')) return path.posix.normalize(path.posix.join(path.posix.dirname(fileFromRoot), specifier));
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return specifier.startsWith('node:') ? specifier : `node:${specifier}`;
  return specifier;
}

const layerSchema = {
  type: 'object',
  properties: {
    target: { type: 'string' },
    except: { type: 'array', items: { type: 'string' } },
    allow: { type: 'array', items: { type: 'string' } },
    deny: { type: 'array', items: { type: 'string' } },
    reason: { type: 'string' },
  },
  required: ['target'],
  additionalProperties: false,
};

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce which layers (folders) and packages a folder may import' },
    schema: { type: 'array', items: layerSchema },
    messages: {
      notAllowed: "'{{specifier}}' is outside what {{target}} may import ({{allowed}}). {{reason}}",
      denied: "'{{specifier}}' may not be imported from {{target}}. {{reason}}",
    },
  },
  create(context) {
    const fileFromRoot = toPosix(path.relative(ROOT, context.filename));
    const layers = context.options.filter((layer) => globToRegExp(layer.target).test(fileFromRoot) && !matchesAny(layer.except, fileFromRoot));
    if (layers.length === 0) return {};

    function check(node) {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const resolved = resolveSpecifier(node.value, fileFromRoot);
      for (const layer of layers) {
        const reason = layer.reason ?? '';
        if (layer.allow && !matchesAny(layer.allow, resolved)) {
          context.report({ node, messageId: 'notAllowed', data: { specifier: node.value, target: layer.target, allowed: layer.allow.join(', '), reason } });
        } else if (matchesAny(layer.deny, resolved)) {
          context.report({ node, messageId: 'denied', data: { specifier: node.value, target: layer.target, reason } });
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) => node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference.expression),
      // typescript-eslint 8 names the specifier `source`; older versions `argument` (a TSLiteralType).
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) check(node.arguments[0]);
      },
    };
  },
};
