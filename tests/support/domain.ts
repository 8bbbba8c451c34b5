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

/** The DomainError a synchronous call (a parse function) is refused with. */
export function refusal(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
