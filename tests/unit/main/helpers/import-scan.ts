/**
 * Lists every module specifier a source file asks for: static imports/exports, `import()` and
 * `require()` (via TypeScript's own pre-processor, so comments and strings do not fool it), plus
 * `import type` forms that the pre-processor already reports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export function importsOf(sourceText: string): string[] {
  const info = ts.preProcessFile(sourceText, true, true);
  return info.importedFiles.map((file) => file.fileName);
}

export function sourceFilesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === 'node_modules') continue;
      files.push(...sourceFilesUnder(full));
    } else if (/\.(?:[cm]?[jt]sx?)$/.test(entry)) {
      files.push(full);
    }
  }
  return files;
}

export function importsOfFile(file: string): string[] {
  return importsOf(readFileSync(file, 'utf8'));
}
