import type { FormResult } from '../server/form-result.ts';

/** What server.mjs hands to Astro with a request (the adapter's `locals`); never set from the request itself. */
declare global {
  namespace App {
    interface Locals {
      /** a form post already run before the pipeline (src/actions/direct-forms.ts) that did not succeed: the page shows this result */
      directForm?: { action: string; result: FormResult };
    }
  }
}
