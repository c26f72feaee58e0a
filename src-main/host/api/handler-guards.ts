import type { z } from 'zod';
import { failureFromUnknown, type Result } from '../../../src-shared/result.js';

/** The first zod issue as one line for an operator: `path: message`. */
export function firstIssue(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || what}: ${issue.message}` : `invalid ${what}`;
}

/** Runs a synchronous handler body and turns anything it throws into a Failure: handlers never reject. */
export async function guard<T>(fn: () => Result<T>): Promise<Result<T>> {
  try {
    return fn();
  } catch (error) {
    return failureFromUnknown(error);
  }
}
