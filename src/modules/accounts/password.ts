/**
 * Passwords: the policy (at least 12 characters, at most 256, not common, not the login) and
 * argon2id hashing with OWASP's parameters (19 MiB memory, 2 iterations, 1 lane).
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';
import type { FieldError } from '../../shared/errors.ts';
import { isCommonPassword } from './common-passwords.ts';
import { field } from './field-errors.ts';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function checkPassword(password: string, login?: string, fieldName = 'password'): FieldError | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return field(fieldName, 'password_short', 'too_short');
  if (length > PASSWORD_MAX) return field(fieldName, 'password_long', 'too_long');
  if (login && login.length >= 3 && password.toLowerCase().includes(login.toLowerCase())) return field(fieldName, 'password_contains_login', 'contains_login');
  if (isCommonPassword(password)) return field(fieldName, 'password_common', 'common');
  return null;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2),
  async verify(stored, password) {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  },
};

/** A hash of a random password: verifying against it costs as much as a real one (no timing oracle for unknown logins). */
let dummy: Promise<string> | undefined;
export function dummyHash(hasher: PasswordHasher): Promise<string> {
  dummy ??= hasher.hash(`dummy-${Math.random()}-${Date.now()}`);
  return dummy;
}
