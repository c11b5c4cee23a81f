/**
 * The committed out/ folder is what `npm run generate` produces, byte for byte.
 */
import { describe, expect, it } from 'vitest';

import { generatedNotice } from '../generators/emit/emitter.ts';
import { generate } from '../generators/pipeline.ts';
import { planOutput } from '../generators/write/output.ts';

describe('committed output', () => {
  it('equals what npm run generate produces from spec/errors.yaml', async () => {
    const result = await generate({ catalogPath: 'spec/errors.yaml' });
    expect(result.diagnostics.items).toEqual([]);

    const plan = planOutput('out', result.files, generatedNotice(result.catalog!));
    expect(
      plan.changed.map((f) => f.path),
      'stale files: run npm run generate',
    ).toEqual([]);
    expect(plan.extra, 'files errgen does not produce').toEqual([]);
    expect(plan.unchanged.length).toBeGreaterThanOrEqual(7);
  });
});
