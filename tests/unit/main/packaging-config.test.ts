/**
 * electron-builder.yml, checked with electron-builder's own loader and JSON schema, plus the
 * security properties the checklist asks of a release (O4 scheme everywhere, E10 fuses, native
 * module unpacking, rebuild at packaging time only).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, APP_NAME, DEEP_LINK_SCHEME } from '../../../src/shared/app-identity';

const root = path.resolve(__dirname, '../../..');
type Config = Awaited<ReturnType<typeof getConfig>>;
let config: Config;

beforeAll(async () => {
  config = await getConfig(root, null, null);
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the validation used above does reject a bad configuration', async () => {
    const broken = { ...config, electronFuses: { ...config.electronFuses, notAFuse: true } } as unknown as Config;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object/);
  });

  it('identifies the app as the shared identity says', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(APP_NAME);
  });

  it('registers the reverse-DNS deep-link scheme, and the Windows installer registers the same one (O4)', () => {
    expect(DEEP_LINK_SCHEME).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$/);
    const protocols = [config.protocols].flat();
    expect(protocols.flatMap((p) => p!.schemes)).toEqual([DEEP_LINK_SCHEME]);
    const nsh = readFileSync(path.join(root, 'build', 'installer.nsh'), 'utf8');
    expect(config.nsis?.include).toBe('build/installer.nsh');
    expect(nsh).toContain(`!define ATOM_DEEP_LINK_SCHEME "${DEEP_LINK_SCHEME}"`);
    expect(nsh).toContain('"URL Protocol"');
    // Both the executable and the URL are quoted (CVE-2018-1000006 class argument injection).
    expect(nsh).toContain(`'"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" "%1"'`);
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*DeleteRegKey SHELL_CONTEXT "Software\\Classes\\\$\{ATOM_DEEP_LINK_SCHEME\}"/);
  });

  it('registers the link scheme on all three systems: the Linux .desktop MimeType, macOS CFBundleURLTypes, the Windows registry', async () => {
    // Linux: the .desktop entry electron-builder's own LinuxTargetHelper writes from this config.
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const packager = {
      config,
      platformSpecificBuildOptions: config.linux ?? {},
      fileAssociations: [],
      executableName: config.executableName,
      info: { metadata: pkg },
      appInfo: { productName: config.productName, sanitizedProductName: config.productName, description: pkg.description },
    };
    const desktop = await new LinuxTargetHelper(packager as never).computeDesktopEntry(config.linux ?? {});
    const entry = Object.fromEntries(
      desktop
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(entry.MimeType).toBe(`x-scheme-handler/${DEEP_LINK_SCHEME};`);
    // %U: the OS passes the link as an argument (first launch) and the app reads it from argv.
    expect(entry.Exec).toMatch(/ %U$/);

    // macOS: electron-builder turns each `protocols` entry into a CFBundleURLTypes entry
    // (CFBundleURLName, CFBundleTypeRole, CFBundleURLSchemes); no mac-only override replaces it.
    expect(config.mac?.protocols).toBeUndefined();
    expect([config.protocols].flat()).toEqual([{ name: 'Atom for Salesforce link', role: 'Viewer', schemes: [DEEP_LINK_SCHEME] }]);

    // Windows: the NSIS include writes the scheme's registry key (checked in detail above).
    const nsh = readFileSync(path.join(root, 'build', 'installer.nsh'), 'utf8');
    expect(nsh).toContain('WriteRegStr SHELL_CONTEXT "Software\\Classes\\${ATOM_DEEP_LINK_SCHEME}" "" "URL:Atom for Salesforce link"');
    expect(config.win?.protocols).toBeUndefined();
  });

  it('flips the release fuses (E10, E2)', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('ships the built app in an asar, with better-sqlite3’s addon unpacked and rebuilt at packaging time', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
    expect(config.npmRebuild).toBe(true);
    // getConfig normalises `files` into file sets.
    const files = [config.files]
      .flat()
      .flatMap((entry) => (typeof entry === 'string' ? [entry] : [(entry as { filter?: string | string[] }).filter ?? []].flat()));
    for (const dir of ['dist/main/**', 'dist/preload/**', 'dist/renderer/**']) expect(files).toContain(dir);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/main/index.js');
    // Rebuilding for Electron in postinstall would break the Node build the tests and browser mode use.
    expect(pkg.scripts.postinstall ?? '').not.toMatch(/rebuild|install-app-deps/);
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
  });

  it('uses the hardened runtime on macOS with nothing but the JIT entitlement', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    const plist = readFileSync(path.join(root, config.mac!.entitlements as string), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('targets AppImage + deb, dmg and nsis', () => {
    const names = (targets: unknown) => [targets].flat().map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
    expect(names(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(names(config.mac?.target)).toEqual(['dmg']);
    expect(names(config.win?.target)).toEqual(['nsis']);
  });

  it('points at resources that exist', () => {
    for (const file of ['build/entitlements.mac.plist', 'build/installer.nsh']) expect(existsSync(path.join(root, file))).toBe(true);
  });
});
