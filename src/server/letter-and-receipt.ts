/** The attendee's invitation letter (once approved) and receipt (once paid), from their registration. */
import type { RegistrationTable } from '../db/schema.ts';
import { type Locale, locales, str } from '../i18n/locale.ts';
import type { Deps } from '../features/deps.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import { open } from '../features/shared/secrets.ts';
import { letterAvailable } from '../features/registration/letters.service.ts';
import { findReceipt, formatWithSymbol } from '../features/registration/receipts.ts';
import { renderInvitationLetterPdf, type LetterTexts } from '../features/printouts/invitation-letter-pdf.tsx';
import { renderReceiptPdf } from '../features/printouts/receipt-pdf.tsx';
import { formatDay } from '../lib/zoned-time.ts';

const opened = (deps: Deps, sealed: string | null) => (sealed ? open(deps.keys.encryption, sealed) : '');

function letterTexts(deps: Deps, reg: RegistrationTable, locale: Locale): LetterTexts {
  const { event, letter } = deps.catalog;
  const day = (date: string) => (date ? formatDay(date, locale, event.timezone) : '');
  return {
    eventName: str(event.name, locale),
    theme: str(event.theme, locale),
    eventDates: `${day(event.startDate)} – ${day(event.endDate)}`,
    city: str(event.city, locale),
    venue: str(event.venue.name, locale),
    hosts: event.organizers.filter((o) => o.role === 'host').map((o) => str(o.name, locale)),
    arrival: day(reg.arrival_date ?? ''),
    departure: day(reg.departure_date ?? ''),
    birthDate: day(opened(deps, reg.birth_date_enc)),
    passportExpiry: day(opened(deps, reg.passport_expiry_enc)),
    issuedOn: day(deps.clock.now().toISOString().slice(0, 10)),
    letterhead: letter ? str(letter.letterhead, locale) : undefined,
    signatory: letter ? str(letter.signatory, locale) : undefined,
    signatoryTitle: letter ? str(letter.signatoryTitle, locale) : undefined,
    purpose: letter ? str(letter.purpose, locale) : undefined,
  };
}

export async function letterPdf(deps: Deps, reg: RegistrationTable, locale: Locale): Promise<Buffer> {
  const category = deps.catalog.categories.find((c) => c.id === reg.category_id);
  if (!letterAvailable(reg) || !category?.invitationLetter || !reg.passport_number_enc) throw new DomainError('NotFound');
  const texts = Object.fromEntries(locales.map((l) => [l, letterTexts(deps, reg, l)])) as Record<Locale, LetterTexts>;
  return renderInvitationLetterPdf({
    locale,
    texts,
    guestName: reg.passport_name ?? reg.name,
    passportNumber: open(deps.keys.encryption, reg.passport_number_enc),
    nationality: reg.nationality ?? '',
    reference: reg.id.slice(0, 8).toUpperCase(),
    sample: deps.catalog.event.sample || Boolean(deps.catalog.letter?.sample),
  });
}

export async function receiptPdf(deps: Deps, reg: RegistrationTable, locale: Locale): Promise<Buffer> {
  const receipt = await findReceipt(deps.db, reg.id);
  if (!receipt) throw new DomainError('NotFound');
  const { event, letter } = deps.catalog;
  return renderReceiptPdf({
    locale,
    eventName: str(event.name, locale),
    issuer: letter ? str(letter.letterhead, locale) : str(event.name, locale),
    number: receipt.number,
    payer: receipt.payer,
    organization: reg.organization,
    item: receipt.item,
    amount: formatWithSymbol(receipt.amount_cents, receipt.currency, locale),
    date: formatDay(receipt.issued_at.slice(0, 10), locale, event.timezone),
    method: receipt.method,
    invoice: reg.invoice_title ? { title: reg.invoice_title, taxNumber: reg.tax_number } : undefined,
    sample: event.sample || receipt.method === 'simulated',
  });
}
