/**
 * The naming rules of the README, as tables; and package names derived from catalog file
 * names, generated and compiled in every target.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  errorClassName,
  goName,
  goPackageName,
  pythonName,
  pythonPackageName,
  splitWords,
  typescriptName,
} from '../generators/naming.ts';
import {
  type BatchMember,
  catalogYaml,
  type CatalogInput,
  describeTargetChecks,
  generateCatalog,
  listFiles,
} from './support/targets.ts';

describe('entry names', () => {
  it.each([
    ['ContentMd5Mismatch', 'ContentMd5Mismatch', 'ContentMD5Mismatch', 'CONTENT_MD5_MISMATCH'],
    ['HTTPError', 'HttpError', 'HTTPError', 'HTTP_ERROR'],
    ['INVALID_ARGUMENT', 'InvalidArgument', 'InvalidArgument', 'INVALID_ARGUMENT'],
    ['InvalidURL', 'InvalidUrl', 'InvalidURL', 'INVALID_URL'],
    ['UserIdMissing', 'UserIdMissing', 'UserIDMissing', 'USER_ID_MISSING'],
    ['IdsConflict', 'IdsConflict', 'IDsConflict', 'IDS_CONFLICT'],
    ['ApiKeyInvalid', 'ApiKeyInvalid', 'APIKeyInvalid', 'API_KEY_INVALID'],
    ['Utf8Required', 'Utf8Required', 'UTF8Required', 'UTF8_REQUIRED'],
    ['Error_404', 'Error404', 'Error404', 'ERROR_404'],
    ['OK', 'Ok', 'Ok', 'OK'],
  ])('%s is %s in TypeScript, %s in Go, %s in Python', (name, ts, go, py) => {
    expect([typescriptName(name), goName(name), pythonName(name)]).toEqual([ts, go, py]);
  });

  it('splits words at underscores, case changes and the end of a capital run', () => {
    expect(splitWords('HTTPServerError_v2')).toEqual(['HTTP', 'Server', 'Error', 'v2']);
  });
});

describe('names derived from the catalog name', () => {
  it.each([
    ['upyun', 'upyunerr', 'upyun_errors', 'UpyunError'],
    ['my-api', 'myapierr', 'my_api_errors', 'MyApiError'],
    ['errors', 'apierr', 'api_errors', 'ApiError'],
    ['Payments_API', 'paymentsapierr', 'payments_api_errors', 'PaymentsApiError'],
    ['class', 'classerr', 'class_errors', 'ClassError'],
  ])('%s gives Go %s, Python %s and %s', (catalog, go, py, errorClass) => {
    expect([goPackageName(catalog), pythonPackageName(catalog), errorClassName(catalog)]).toEqual([
      go,
      py,
      errorClass,
    ]);
  });
});

/** Catalogs named only by their file, and the package folders they must get. */
const files = [
  { file: 'my-api.errors.yaml', label: 'my-api', go: 'myapierr', py: 'my_api_errors' },
  { file: 'errors.yaml', label: 'errors', go: 'apierr', py: 'api_errors' },
  { file: 'class.yaml', label: 'class', go: 'classerr', py: 'class_errors' },
  { file: 'go.json', label: 'go', go: 'goerr', py: 'go_errors' },
];

const input: CatalogInput = {
  errors: [
    { name: 'NotFound', code: 40400001, status: 404, message: 'not found' },
    { name: 'Busy', code: 50300001, status: 503, message: 'busy, try again' },
  ],
};

describe('catalogs named by their file', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'errgen-naming-'));
  const members: BatchMember[] = [];
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  beforeAll(async () => {
    for (const { file, label } of files) {
      const folder = join(scratch, label);
      mkdirSync(folder);
      const path = join(folder, file);
      writeFileSync(path, catalogYaml(input));
      const outDir = join(folder, 'out');
      const run = await generateCatalog(path, outDir);
      if (run.exitCode === 0) {
        members.push({ label, outDir, input });
      }
    }
  });

  it.each(files)('$file gives Go package $go and Python package $py', ({ label, go, py }) => {
    const member = members.find((m) => m.label === label);
    expect(member, `${label} was not generated`).toBeDefined();
    const layout = listFiles(member!.outDir);
    expect(layout).toContain(`go/${go}/errors.go`);
    expect(layout).toContain(`python/${py}/__init__.py`);
  });

  it('refuses a file name that starts with a digit, and says to set catalog:', async () => {
    const path = join(scratch, '2fa.yaml');
    writeFileSync(path, catalogYaml(input));
    const run = await generateCatalog(path, join(scratch, '2fa-out'));
    expect(run.exitCode).toBe(1);
    expect(run.diagnostics.map((d) => d.code)).toEqual(['E404']);
    expect(run.diagnostics[0]!.message).toContain('set "catalog:"');
  });

  describeTargetChecks({
    labels: files.map((f) => f.label),
    members: () => members,
    scratch: () => join(scratch, 'tools'),
  });
});
