/**
 * In-process wake-up for the relay: enqueueEmail rings it, so an email written by this process
 * is sent within moments instead of at the next poll. Other instances' emails are still found
 * by polling.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

/** Called by enqueueEmail (the row is visible once its transaction commits). */
export function emailEnqueued(): void {
  for (const listener of listeners) listener();
}

/** Returns the function that stops listening. */
export function onEmailEnqueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
