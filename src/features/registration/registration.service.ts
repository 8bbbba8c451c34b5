/**
 * Registration: seats, waiting list and the registration state machine
 *   waitlisted → (confirmed | pending_payment | awaiting_approval) → cancelled
 *   pending_payment → confirmed (paid) | expired (hold ran out)
 * Every change and the email reporting it are written in one transaction.
 */
import type { Transaction } from 'kysely';
import type { Database, RegistrationTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId, seal, sha256Hex } from '../shared/secrets.ts';
import { releaseSeats, releaseSeatsAt, sessionCapacityId, seatsLeft, takeSeats } from '../capacity/capacity.repository.ts';
import { upsertPerson } from '../identity/identity.repository.ts';
import { checkRateLimit, issueAccessToken, normalizeEmail } from '../identity/access.service.ts';
import { findPersonByEmail } from '../identity/identity.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { choosableSessions, mainSessions, type TicketInfo } from './catalog.ts';
import { fieldErrors, formToRecord, registrationInput, type RegistrationInput } from './registration.schema.ts';
import {
  findLiveRegistration,
  findRegistration,
  insertRegistration,
  liveStatuses,
  listWaitlisted,
  transition,
  updateRegistration,
} from './registration.repository.ts';
import { registrationEmail } from './registration.emails.ts';
import { isUniqueViolation } from '../../db/errors.ts';

type Trx = Transaction<Database>;

export interface RegisterResult {
  registrationId: string;
  personId: string;
  /** raw access token for the session cookie right after registering */
  token: string;
  status: RegistrationTable['status'];
}

/** Seats a registration needs: every main-forum session plus the chosen parallel session. */
export function seatsFor(deps: Deps, sessionId: string | null) {
  const ids = mainSessions(deps.catalog).map((s) => s.id);
  if (sessionId) ids.push(sessionId);
  return ids.map((id) => ({ capacityId: sessionCapacityId(id), seats: 1 }));
}

function ticketOf(deps: Deps, id: string): TicketInfo | undefined {
  return deps.catalog.tickets.find((t) => t.id === id);
}

/** Status once seats are secured, by ticket. */
function seatedStatus(ticket: TicketInfo): RegistrationTable['status'] {
  if (ticket.requiresApproval) return 'awaiting_approval';
  return ticket.priceCents > 0 ? 'pending_payment' : 'confirmed';
}

/** Content rules on top of the form schema: known ticket, category, session, code, letter. */
function checkChoices(deps: Deps, input: RegistrationInput): { ticket: TicketInfo; sessionId: string | null } {
  const fields: Record<string, string> = {};
  const ticket = ticketOf(deps, input.ticket);
  const category = deps.catalog.categories.find((c) => c.id === input.category);
  if (!category) fields.category = 'form.error.choice';
  if (!ticket) fields.ticket = 'form.error.choice';
  else if (ticket.categories.length > 0 && category && !ticket.categories.includes(category.id)) {
    fields.ticket = 'form.error.ticketCategory';
  }
  let sessionId: string | null = null;
  if (ticket?.sessionChoice) {
    const session = choosableSessions(deps.catalog).find((s) => s.id === input.session);
    if (!session) fields.session = input.session ? 'form.error.choice' : 'form.error.required';
    else sessionId = session.id;
  }
  if (ticket && ticket.invitationCodeHashes.length > 0) {
    const code = input.invitationCode.trim().toUpperCase();
    if (!code) fields.invitationCode = 'form.error.required';
    else if (!ticket.invitationCodeHashes.includes(sha256Hex(code))) fields.invitationCode = 'form.error.invitationCode';
  }
  if (input.letter && category && !category.invitationLetter) fields.letter = 'form.error.letterNotOffered';
  if (ticket && ticket.priceCents > 0 && deps.config.production && deps.payments.provider === 'simulated') {
    throw new DomainError('PaymentsUnavailable');
  }
  if (Object.keys(fields).length > 0) throw new DomainError('InvalidInput', fields);
  return { ticket: ticket!, sessionId };
}

function registrationOpen(deps: Deps): boolean {
  const now = iso(deps.clock.now());
  const { opensAt, closesAt } = deps.catalog;
  return !(opensAt && now < opensAt) && !(closesAt && now > closesAt);
}

/**
 * Register from the form. Seats are taken atomically with the row: when the main forum or
 * the chosen session is full the registration joins the waiting list instead.
 */
export async function register(deps: Deps, form: FormData | Record<string, unknown>, clientKey: string): Promise<RegisterResult> {
  await checkRateLimit(deps, 'register', clientKey, deps.config.formsPerClientPer10Min, 10);
  const parsed = registrationInput.safeParse(formToRecord(form));
  if (!parsed.success) throw new DomainError('InvalidInput', fieldErrors(parsed.error));
  const input = parsed.data;
  if (!registrationOpen(deps)) throw new DomainError('RegistrationClosed');
  const { ticket, sessionId } = checkChoices(deps, input);
  const email = normalizeEmail(input.email);
  const id = newId();

  try {
    return await insertWithSeats(deps, input, ticket, sessionId, email, id);
  } catch (error) {
    // Two requests with the same email at once: the unique index lets one through.
    if (isUniqueViolation(error)) throw new DomainError('AlreadyRegistered');
    throw error;
  }
}

async function insertWithSeats(
  deps: Deps,
  input: RegistrationInput,
  ticket: TicketInfo,
  sessionId: string | null,
  email: string,
  id: string,
): Promise<RegisterResult> {
  const now = deps.clock.now();
  const stamp = iso(now);
  return deps.db.transaction().execute(async (trx) => {
    const personId = await upsertPerson(trx, email, newId(), stamp);
    if (await findLiveRegistration(trx, deps.catalog.edition, personId)) throw new DomainError('AlreadyRegistered');
    const seated = await takeSeats(trx, id, seatsFor(deps, sessionId), stamp);
    const status = seated ? seatedStatus(ticket) : 'waitlisted';
    const row: RegistrationTable = {
      id,
      edition: deps.catalog.edition,
      person_id: personId,
      email,
      ticket_id: ticket.id,
      category_id: input.category,
      session_id: sessionId,
      status,
      name: input.name,
      organization: input.organization,
      job_title: input.jobTitle,
      phone: input.phone,
      country: input.country,
      dietary: input.dietary,
      accessibility: input.accessibility,
      interpretation: input.interpretation,
      locale: input.locale,
      letter_requested: input.letter ? 1 : 0,
      passport_name: input.letter ? input.passportName : null,
      passport_number_enc: input.letter ? seal(deps.keys.encryption, input.passportNumber.toUpperCase()) : null,
      nationality: input.letter ? input.nationality : null,
      arrival_date: input.letter ? input.arrival : null,
      departure_date: input.letter ? input.departure : null,
      consent_at: stamp,
      amount_cents: ticket.priceCents,
      currency: ticket.currency,
      hold_expires_at: status === 'pending_payment' ? iso(addMinutes(now, deps.config.holdMinutes)) : null,
      confirmed_at: status === 'confirmed' ? stamp : null,
      cancelled_at: null,
      checked_in_at: null,
      created_at: stamp,
      updated_at: stamp,
    };
    await insertRegistration(trx, row);
    const kind =
      status === 'confirmed'
        ? 'registration-confirmed'
        : status === 'waitlisted'
          ? 'registration-waitlisted'
          : status === 'awaiting_approval'
            ? 'registration-pending-approval'
            : undefined; // pending payment: the email comes with the payment
    if (kind) await enqueueEmail(trx, registrationEmail(deps, row, kind), now);
    const token = await issueAccessToken(deps, personId, trx);
    return { registrationId: id, personId, token, status };
  });
}

/**
 * Give seats that were freed to the waiting list, oldest first. A free ticket is confirmed;
 * a paid one gets a time-limited offer to pay. Runs inside the transaction that freed them.
 */
export async function promoteWaitlist(trx: Trx, deps: Deps): Promise<string[]> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const promoted: string[] = [];
  const full = new Set<string>();
  for (const reg of await listWaitlisted(trx, deps.catalog.edition)) {
    const wants = seatsFor(deps, reg.session_id);
    if (wants.some((w) => full.has(w.capacityId))) continue;
    const left = await seatsLeft(
      trx,
      wants.map((w) => w.capacityId),
    );
    const blocked = wants.filter((w) => (left.get(w.capacityId)?.left ?? 0) < w.seats);
    if (blocked.length > 0) {
      blocked.forEach((w) => full.add(w.capacityId));
      continue;
    }
    if (!(await takeSeats(trx, reg.id, wants, stamp))) continue;
    const ticket = ticketOf(deps, reg.ticket_id);
    const status = ticket ? seatedStatus(ticket) : 'confirmed';
    const holdUntil = status === 'pending_payment' ? iso(addMinutes(now, deps.config.offerHours * 60)) : null;
    await transition(trx, reg.id, ['waitlisted'], {
      status,
      hold_expires_at: holdUntil,
      confirmed_at: status === 'confirmed' ? stamp : null,
      updated_at: stamp,
    });
    await enqueueEmail(trx, registrationEmail(deps, { ...reg, status, hold_expires_at: holdUntil }, 'registration-promoted'), now);
    promoted.push(reg.id);
  }
  return promoted;
}

/** The person's live registration, or NotFound. */
export async function liveRegistrationOf(deps: Deps, personId: string) {
  const reg = await findLiveRegistration(deps.db, deps.catalog.edition, personId);
  if (!reg) throw new DomainError('NotFound');
  return reg;
}

/** Move to another parallel session, if it has a seat; the old seat goes to the waiting list. */
export async function changeSession(deps: Deps, personId: string, newSessionId: string): Promise<void> {
  const session = choosableSessions(deps.catalog).find((s) => s.id === newSessionId);
  if (!session) throw new DomainError('InvalidInput', { session: 'form.error.choice' });
  const now = deps.clock.now();
  const stamp = iso(now);
  await deps.db.transaction().execute(async (trx) => {
    const reg = await findLiveRegistration(trx, deps.catalog.edition, personId);
    if (!reg) throw new DomainError('NotFound');
    if (!ticketOf(deps, reg.ticket_id)?.sessionChoice) throw new DomainError('NotChangeable');
    if (reg.session_id === newSessionId) return;
    if (reg.status === 'waitlisted') {
      await updateRegistration(trx, reg.id, { session_id: newSessionId, updated_at: stamp });
      await promoteWaitlist(trx, deps);
      return;
    }
    const target = { capacityId: sessionCapacityId(newSessionId), seats: 1 };
    if (!(await takeSeats(trx, reg.id, [target], stamp))) throw new DomainError('SessionFull');
    if (reg.session_id) await releaseSeatsAt(trx, reg.id, sessionCapacityId(reg.session_id), stamp);
    await updateRegistration(trx, reg.id, { session_id: newSessionId, updated_at: stamp });
    if (reg.status === 'confirmed') {
      await enqueueEmail(trx, registrationEmail(deps, { ...reg, session_id: newSessionId }, 'registration-confirmed'), now);
    }
    await promoteWaitlist(trx, deps);
  });
}

/**
 * Cancel: seats go back (and to the waiting list) in the same transaction. A paid
 * registration is refunded first by the payment service, which then calls this.
 */
export async function cancelInTransaction(trx: Trx, deps: Deps, reg: RegistrationTable, refunded?: string): Promise<boolean> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const moved = await transition(trx, reg.id, liveStatuses, {
    status: 'cancelled',
    cancelled_at: stamp,
    hold_expires_at: null,
    updated_at: stamp,
  });
  if (!moved) return false;
  await releaseSeats(trx, reg.id, stamp);
  await enqueueEmail(trx, registrationEmail(deps, { ...reg, status: 'cancelled' }, 'registration-cancelled', { refunded }), now);
  await promoteWaitlist(trx, deps);
  return true;
}

/** A payment hold ran out (or the checkout expired): seats go to the waiting list. */
export async function expireHold(trx: Trx, deps: Deps, registrationId: string): Promise<boolean> {
  const stamp = iso(deps.clock.now());
  const moved = await transition(trx, registrationId, ['pending_payment'], { status: 'expired', hold_expires_at: null, updated_at: stamp });
  if (!moved) return false;
  await releaseSeats(trx, registrationId, stamp);
  await promoteWaitlist(trx, deps);
  return true;
}

/**
 * Payment arrived. Normally the seats are still held; if the hold had already run out the
 * seats are taken again, and when none are left the caller refunds (returns 'no-seat').
 */
export async function confirmPaid(trx: Trx, deps: Deps, registrationId: string): Promise<'confirmed' | 'already' | 'no-seat'> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const reg = await findRegistration(trx, registrationId);
  if (!reg) throw new DomainError('NotFound');
  if (reg.status === 'confirmed') return 'already';
  if (reg.status === 'expired') {
    const clash = await findLiveRegistration(trx, reg.edition, reg.person_id);
    if (clash || !(await takeSeats(trx, reg.id, seatsFor(deps, reg.session_id), stamp))) return 'no-seat';
  } else if (reg.status !== 'pending_payment') {
    return 'no-seat';
  }
  await transition(trx, reg.id, ['pending_payment', 'expired'], {
    status: 'confirmed',
    confirmed_at: stamp,
    hold_expires_at: null,
    updated_at: stamp,
  });
  await enqueueEmail(trx, registrationEmail(deps, { ...reg, status: 'confirmed' }, 'payment-received'), now);
  await enqueueEmail(trx, registrationEmail(deps, { ...reg, status: 'confirmed' }, 'registration-confirmed'), now);
  return 'confirmed';
}

/** Organizer approval of a request (e.g. media); seats were reserved when it was made. */
export async function approveRegistration(deps: Deps, registrationId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const reg = await findRegistration(trx, registrationId);
    if (!reg) throw new DomainError('NotFound');
    const ticket = ticketOf(deps, reg.ticket_id);
    const paid = (ticket?.priceCents ?? 0) > 0;
    const status = paid ? 'pending_payment' : 'confirmed';
    const moved = await transition(trx, reg.id, ['awaiting_approval'], {
      status,
      confirmed_at: paid ? null : iso(now),
      hold_expires_at: paid ? iso(addMinutes(now, deps.config.offerHours * 60)) : null,
      updated_at: iso(now),
    });
    if (!moved) throw new DomainError('NotChangeable');
    await enqueueEmail(trx, registrationEmail(deps, { ...reg, status }, paid ? 'registration-promoted' : 'registration-confirmed'), now);
  });
}

/**
 * "Send me my link": always answers the same way, whether or not the address is known, so
 * the form cannot be used to find out who registered.
 */
export async function resendLink(deps: Deps, rawEmail: string, locale: 'en' | 'zh', clientKey: string): Promise<void> {
  const email = normalizeEmail(rawEmail);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw new DomainError('InvalidInput', { email: 'form.error.email' });
  }
  await checkRateLimit(deps, 'resend-client', clientKey, 10, 10);
  await checkRateLimit(deps, 'resend-email', email, 3, 60);
  const person = await findPersonByEmail(deps.db, email);
  if (!person) return;
  const reg = await findLiveRegistration(deps.db, deps.catalog.edition, person.id);
  const now = deps.clock.now();
  await enqueueEmail(
    deps.db,
    {
      kind: 'access-link',
      recipient: email,
      locale: (reg?.locale as 'en' | 'zh') ?? locale,
      payload: { personId: person.id, name: reg?.name },
    },
    now,
  );
}
