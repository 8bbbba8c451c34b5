import { getCollection } from 'astro:content';
import type { Catalog } from '../features/registration/catalog.ts';
import { toCents } from '../lib/money.ts';
import { loadSite } from './content.ts';

/** What registration needs from content (tickets, categories, sessions), as plain data. */
export async function loadCatalog(): Promise<Catalog> {
  const { event, sessions } = await loadSite();
  const entries = await getCollection('event');
  const settings = entries[0]?.data.registration;
  const currency = settings?.currency ?? 'CNY';
  const tickets = (await getCollection('tickets'))
    .map((t) => ({
      id: t.id,
      name: t.data.name,
      description: t.data.description,
      priceCents: toCents(t.data.price),
      currency,
      categories: t.data.categories,
      invitationCodeHashes: t.data.invitationCodeHashes,
      requiresApproval: t.data.requiresApproval,
      sessionChoice: t.data.sessionChoice,
      order: t.data.order,
      sample: t.data.sample,
    }))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return {
    edition: event.id,
    event,
    sessions,
    tickets,
    categories: settings?.categories ?? [],
    currency,
    opensAt: settings?.opens ? new Date(settings.opens).toISOString() : undefined,
    closesAt: settings?.closes ? new Date(settings.closes).toISOString() : undefined,
    privacyPage: settings?.privacyPage,
  };
}
