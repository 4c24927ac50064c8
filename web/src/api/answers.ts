/**
 * The server's answers as its OpenAPI document describes them (web/src/api/openapi-types.ts, written
 * by `npm run openapi`), so a screen names an answer by its operationId instead of restating its
 * fields, and a changed server schema shows up here at type-check time.
 */
import type { operations } from './openapi-types.ts';

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON body of an operation's success answer (200 by default). */
export type Answer<Id extends keyof operations, Status extends keyof operations[Id]['responses'] = 200 & keyof operations[Id]['responses']> = JsonOf<operations[Id]['responses'][Status]>;
