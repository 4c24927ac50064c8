/** For tests of refusals: the AppError a promise was refused with (failing if it was not), or its code. */
import assert from 'node:assert/strict';
import { AppError } from '../../src/shared/errors.ts';

export async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err;
  }
  assert.fail('expected a refusal');
}

/** The refusal's code, or 'ok' when the promise was not refused. */
export async function refusalCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err.code;
  }
  return 'ok';
}
