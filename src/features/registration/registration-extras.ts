/** Columns of a new registration for the invitation letter request and the invoice details. */
import type { RegistrationTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { seal } from '../shared/secrets.ts';
import type { RegistrationInput } from './registration.schema.ts';

type Extras = Pick<
  RegistrationTable,
  'letter_state' | 'letter_decided_at' | 'letter_note' | 'birth_date_enc' | 'passport_expiry_enc' | 'invoice_title' | 'tax_number'
>;

/** A letter asked for is 'requested' until an organizer decides; birth date and passport expiry are sealed like the number. */
export function letterAndInvoiceColumns(deps: Deps, input: RegistrationInput, priceCents: number): Extras {
  const letter = input.letter;
  const invoice = priceCents > 0 && input.invoiceTitle !== '';
  return {
    letter_state: letter ? 'requested' : 'none',
    letter_decided_at: null,
    letter_note: null,
    birth_date_enc: letter && input.birthDate ? seal(deps.keys.encryption, input.birthDate) : null,
    passport_expiry_enc: letter && input.passportExpiry ? seal(deps.keys.encryption, input.passportExpiry) : null,
    invoice_title: invoice ? input.invoiceTitle : null,
    tax_number: invoice && input.taxNumber ? input.taxNumber : null,
  };
}
