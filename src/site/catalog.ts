import { getCollection } from 'astro:content';
import type { Catalog } from '../features/registration/catalog.ts';
import { toCents } from '../lib/money.ts';
import { DEFAULT_CONFIRM_WITHIN, DEFAULT_CURRENCY } from '../content/schemas/event.ts';
import { loadSite } from './content.ts';

/** What registration needs from content (tickets, categories, sessions), as plain data. */
export async function loadCatalog(): Promise<Catalog> {
  const { event, sessions } = await loadSite();
  // Registration and visits belong to the current edition only.
  const entry = (await getCollection('event')).find((e) => e.id === event.id);
  if (!entry) throw new Error('no event entry'); // loadSite() has already reported it
  const settings = entry.data.registration;
  const currency = settings?.currency ?? DEFAULT_CURRENCY;
  const tickets = (await getCollection('tickets'))
    .map((t) => ({
      id: t.id,
      name: t.data.name,
      description: t.data.description,
      priceCents: toCents(t.data.price),
      currency,
      categories: t.data.categories,
      invitationCodes: t.data.invitationCodeHashes.map((code) => (typeof code === 'string' ? { hash: code } : code)),
      requiresApproval: t.data.requiresApproval,
      sessionChoice: t.data.sessionChoice,
      order: t.data.order,
      sample: t.data.sample,
    }))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const slots = (await getCollection('visits'))
    .map((t) => ({
      id: t.id,
      ...t.data,
      bookingOpens: isoOrUndefined(t.data.bookingOpens),
      bookingCloses: isoOrUndefined(t.data.bookingCloses),
    }))
    .sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start) || a.id.localeCompare(b.id));
  return {
    edition: event.id,
    event,
    sessions,
    tickets,
    categories: settings?.categories ?? [],
    currency,
    opensAt: isoOrUndefined(settings?.opens),
    closesAt: isoOrUndefined(settings?.closes),
    privacyPage: settings?.privacyPage,
    confirmWithin: settings?.confirmWithin ?? DEFAULT_CONFIRM_WITHIN,
    questions: settings?.questions ?? [],
    letter: settings?.letter,
    visits: {
      slots,
      // Defaults come from the schema (src/content/schemas/event.ts), also without a visits block.
      settings: entry.data.visits,
    },
  };
}

function isoOrUndefined(value: string | undefined): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}
