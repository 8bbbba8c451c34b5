import { DomainError } from '../../src/features/shared/domain-error.ts';

/** The DomainError a call is refused with; fails the test if it succeeds or throws anything else. */
export async function rejects(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
