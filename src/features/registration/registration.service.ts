/**
 * Registration: the state machine
 *   unconfirmed → (confirmed | pending_payment | awaiting_approval | waitlisted) | lapsed
 *   waitlisted → (confirmed | pending_payment | awaiting_approval) → cancelled
 *   pending_payment → confirmed (paid) | expired (hold ran out)
 * A new registration is unconfirmed (holding the seats it got) until a link from its email is
 * opened (confirmation.service.ts), unless content turns confirmation off. This file registers
 * and changes registrations; waitlist.service.ts gives freed seats to the waiting list. Every
 * change and the email reporting it are written in one transaction.
 */
import type { RegistrationTable } from '../../db/schema.ts';
import { inTransaction, sendWritesLater, type Trx } from '../../db/transaction.ts';
import { isSeatFree, isSeatMissing, isUniqueViolation } from '../../db/errors.ts';
import { storedLocale, type Locale } from '../../i18n/locale.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, deadline, iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId, seal } from '../shared/secrets.ts';
import {
  requireSeatsGoneAtCommit,
  sessionCapacityId,
  takeSeats,
  takeSeatsAtCommit,
  takeSeatsLast,
} from '../capacity/capacity.repository.ts';
import { ensurePerson, findPersonByEmail, insertPerson } from '../identity/identity.repository.ts';
import { emailLinkToOwner, normalizeEmail } from '../identity/access.service.ts';
import { countForEmail, countInTransaction, countOutside, formCount, refusalIn, type FormCount } from '../identity/rate-limits.ts';
import { matchInvitationCode } from './invitation-codes.ts';
import type { EmailKind } from '../notifications/email.types.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import type { InvitationCode, TicketInfo } from './catalog.ts';
import { takeInvitationUse } from './invitation.repository.ts';
import type { EmailAddress, RegistrationInput } from './registration.schema.ts';
import { findLiveRegistration, findRegistration, insertRegistration, transition } from './registration.repository.ts';
import { enqueueRegistrationEmail } from './registration.emails.ts';
import { seatedStatus, seatsFor, ticketOf } from './registration.rules.ts';
import { lockSessionSeats } from './waitlist.service.ts';
import { insertChoices, placeChoices, type SessionPick } from './session-choices.service.ts';
import { pickSessions } from './session-picks.ts';
import { registrationPhase } from './registration-window.ts';
import { saveAnswers } from './questions.ts';
import { letterAndInvoiceColumns } from './registration-extras.ts';

/**
 * What registering did. Never a credential: the browser that sent the form gets no access
 * from it, and its answer must not depend on whether the address was known.
 */
export interface RegisterResult {
  /** false: the address already had a live registration; its owner was emailed their link instead */
  created: boolean;
  /** the new registration (or the existing one when not created) */
  registrationId: string;
  personId: string;
  status: RegistrationTable['status'];
  /** open the link in the email by then (ISO), for a new or a known address alike; null without confirmation */
  confirmBy: string | null;
}

/** What a registration holds besides the form: its ids, ticket, session, invitation code and status. */
interface Placement {
  id: string;
  personId: string;
  email: string;
  ticket: TicketInfo;
  sessions: SessionPick[];
  code?: InvitationCode | undefined;
  status: RegistrationTable['status'];
  confirmBy: string | null;
}

/** What the form chose, checked against content. */
interface Choices {
  ticket: TicketInfo;
  /** at most one parallel session per time block */
  sessions: SessionPick[];
  /** the invitation code the form gave, for tickets that need one */
  code: InvitationCode | undefined;
}

/** Content rules on top of the form schema: known ticket, category, session, code, letter. */
async function checkChoices(deps: Deps, input: RegistrationInput, clientKey: string): Promise<Choices> {
  const fields: Record<string, string> = {};
  const ticket = ticketOf(deps, input.ticket);
  const category = deps.catalog.categories.find((c) => c.id === input.category);
  if (!category) fields.category = 'form.error.choice';
  if (!ticket) fields.ticket = 'form.error.choice';
  else if (ticket.categories.length > 0 && category && !ticket.categories.includes(category.id)) {
    fields.ticket = 'form.error.ticketCategory';
  }
  const sessions = pickSessions(deps.catalog, ticket, input.sessions, fields);
  let code: InvitationCode | undefined;
  if (ticket && ticket.invitationCodes.length > 0) {
    const typed = input.invitationCode.trim().toUpperCase();
    if (!typed) fields.invitationCode = 'form.error.required';
    else if (!(code = await matchInvitationCode(deps, ticket, typed, clientKey))) fields.invitationCode = 'form.error.invitationCode';
  }
  if (input.letter && category && !category.invitationLetter) fields.letter = 'form.error.letterNotOffered';
  if (ticket && ticket.priceCents > 0 && deps.config.production && deps.payments.provider === 'simulated') {
    throw new DomainError('PaymentsUnavailable');
  }
  if (Object.keys(fields).length > 0) throw new DomainError('InvalidInput', fields);
  return { ticket: ticket!, sessions, code };
}

/** Refuse outside the registration window (registration-window.ts): not yet open, closed, or the event is over. */
function checkRegistrationOpen(deps: Deps): void {
  const phase = registrationPhase(deps.catalog, deps.clock.now());
  if (phase === 'before') throw new DomainError('RegistrationNotOpen');
  if (phase !== 'open') throw new DomainError('RegistrationClosed');
}

/**
 * Register from the parsed form (parseRegistration). Seats are taken atomically with the row:
 * when the main forum or the chosen session is full the registration joins the waiting list.
 * With confirmation on (content: registration.confirmWithin) the row starts unconfirmed,
 * holding whatever seats it got, and its email asks to open the link by confirmBy.
 *
 * An address that already has a live registration gets an email with its link, and the
 * caller gets the same kind of answer as for a new address (no error that would reveal it).
 * The form counts against the rate limits of the client that sent it and of the address
 * (a form that could not be read counted its client alone). On PostgreSQL it is counted in
 * the transaction that writes the registration, so that a registration is one message; on
 * SQLite, where nothing travels, first, in a statement of its own (counting in the
 * transaction measured slower there). A form with an invitation code is counted first on
 * both: no code is compared for a client past its limit.
 */
export async function register(deps: Deps, input: RegistrationInput, clientKey: string): Promise<RegisterResult> {
  const email = normalizeEmail(input.email);
  const count = formCount(deps, 'register', clientKey, email);
  const countFirst = deps.dialect !== 'postgres' || input.invitationCode.trim() !== '';
  const counting = countFirst ? void (await countOutside(deps, count)) : count;
  const result = await placeCounted(deps, input, clientKey, email, counting);
  if (!result.created) {
    const existing = await findRegistration(deps.db, result.registrationId);
    // In the language the owner registered in (the form may be in the other one).
    const locale: Locale = existing ? storedLocale(existing.locale) : input.locale;
    await emailLinkToOwner(deps, { personId: result.personId, recipient: email, locale, name: existing?.name, reason: 'registered' });
  }
  return result;
}

/**
 * Check the form against the registration window and content, and place it. `counting` (the
 * form's rate limits, when not counted yet) is counted exactly once: by the transaction that
 * writes the registration, or here when none committed, refused by a limit or not. Past a
 * limit the answer is RateLimited, before any other error.
 */
async function placeCounted(
  deps: Deps,
  input: RegistrationInput,
  clientKey: string,
  email: string,
  counting: FormCount | undefined,
): Promise<RegisterResult> {
  try {
    checkRegistrationOpen(deps);
    const { ticket, sessions, code } = await checkChoices(deps, input, clientKey);
    const now = deps.clock.now();
    const confirmBy = deadline(now, deps.catalog.confirmWithin);
    return await placeRegistration(deps, input, { id: newId(), email, ticket, sessions, code, confirmBy, counting }, now);
  } catch (error) {
    if (counting) {
      // Rolled back with its transaction: counted now, as a refused form is on SQLite.
      await countOutside(deps, counting);
      const refusal = refusalIn(counting, error, deps);
      if (refusal) throw refusal;
    }
    // Two requests with the same email at once: the unique index lets one through.
    if (!isUniqueViolation(error)) throw error;
    const person = await findPersonByEmail(deps.db, email);
    const existing = person ? await findLiveRegistration(deps.db, deps.catalog.edition, person.id) : undefined;
    if (!person || !existing) throw error;
    const confirmBy = deadline(deps.clock.now(), deps.catalog.confirmWithin);
    return { created: false, registrationId: existing.id, personId: person.id, status: existing.status, confirmBy };
  }
}

/** A seat the registration wanted was taken: the attempt that assumed there would be one is rolled back. */
class SeatMissing extends Error {}

/** The placement before it has a person and a status, with the rate limits it counts (if not counted yet). */
type Choice = Omit<Placement, 'personId' | 'status'> & { counting: FormCount | undefined };

/**
 * Write the registration. Usually every seat it wants is free: then it is written as seated
 * and takes its seats as its last statements (insertSeated), so on PostgreSQL the main-forum
 * seat row, which every registration updates, stays locked only from that update to the
 * commit, and registrations do not queue behind each other's whole transaction. When a seat
 * is missing that attempt is rolled back. On PostgreSQL the registration is then written as
 * waiting, its last message checking that the seats are still gone (insertWaiting): waiting
 * registrations do not queue behind each other either. Otherwise, or when the seats came free
 * meanwhile, it is written the careful way (insertWithSeats: every session's seats locked
 * first), so that a registration that waits is never written unseen by a transaction freeing
 * seats at the same moment. All of this first for an address taken to be new (Who, below).
 */
async function placeRegistration(deps: Deps, input: RegistrationInput, choice: Choice, now: Date): Promise<RegisterResult> {
  try {
    return await placeFor('new', deps, input, choice, now);
  } catch (error) {
    // The address has a person already (or gets one this moment): that attempt was rolled back.
    if (!isUniqueViolation(error)) throw error;
    return placeFor('known', deps, input, choice, now);
  }
}

/**
 * Whose registration it is. 'new': the address is taken to be new (as nearly every one is when
 * registration opens) and its person is written with an id chosen here, without reading it
 * first. On PostgreSQL that insert then waits with the registration's other new rows, so BEGIN,
 * the rows, the seats and COMMIT are one message. A known address breaks the person's unique
 * email (at the latest at that message), the attempt is rolled back, and 'known' reads the
 * person and their live registration first (personAndLive).
 */
type Who = 'new' | 'known';

/** placeRegistration for one idea of whose registration it is. */
async function placeFor(who: Who, deps: Deps, input: RegistrationInput, choice: Choice, now: Date): Promise<RegisterResult> {
  if (!recentlyFull(deps)) {
    try {
      return await inTransaction(deps.db, (trx) => insertSeated(trx, deps, input, choice, now, who));
    } catch (error) {
      if (!(error instanceof SeatMissing) && !isSeatMissing(error)) throw error;
      fullSince.set(deps.db, Date.now());
    }
  }
  if (deps.dialect === 'postgres' && !choice.code) {
    try {
      return await inTransaction(deps.db, (trx) => insertWaiting(trx, deps, input, choice, now, who));
    } catch (error) {
      if (!isSeatFree(error)) throw error;
    }
  }
  return inTransaction(deps.db, (trx) => insertWithSeats(trx, deps, input, choice, now));
}

/**
 * When a seat was last found missing, per database handle. Only a hint of this process: for a
 * second after, registrations go the careful way at once instead of trying first (when the
 * forum is full, a burst would otherwise run every registration twice). Either way is correct.
 */
const fullSince = new WeakMap<object, number>();
const recentlyFull = (deps: Deps) => Date.now() - (fullSince.get(deps.db) ?? 0) < 1000;

/** The person (created on first use) and their live registration, if any. */
async function personAndLive(trx: Trx, deps: Deps, choice: Choice, now: Date) {
  const person = await ensurePerson(trx, choice.email, newId(), iso(now));
  // A person created in this transaction has no registration yet.
  const existing = person.created ? undefined : await findLiveRegistration(trx, deps.catalog.edition, person.id);
  const known: RegisterResult | undefined = existing && {
    created: false,
    registrationId: existing.id,
    personId: person.id,
    status: existing.status,
    confirmBy: choice.confirmBy,
  };
  return { personId: person.id, known };
}

/** The person: read (and created if need be) for a known address, written unread for a new one. */
async function personFor(trx: Trx, deps: Deps, choice: Choice, now: Date, who: Who) {
  if (who === 'known') return personAndLive(trx, deps, choice, now);
  const personId = newId();
  await insertPerson(trx, { id: personId, email: choice.email, created_at: iso(now) });
  return { personId, known: undefined };
}

/**
 * Count the form's rate limits in this transaction, if they are to be counted (Choice.counting,
 * PostgreSQL). A new registration counts them after its own rows, just before its seats: the
 * client's and the address's rows (a venue's clients may share one address) are then locked
 * only from there to the commit, as the seats are. A limit passed rolls the transaction back.
 */
async function countChoice(trx: Trx, deps: Deps, choice: Choice): Promise<void> {
  if (choice.counting) await countInTransaction(trx, deps, choice.counting);
}

/** The answer for a known address, once the form is counted in this transaction. */
async function countedWith(trx: Trx, deps: Deps, choice: Choice, known: RegisterResult): Promise<RegisterResult> {
  await countChoice(trx, deps, choice);
  return known;
}

/** Take the invitation code's use in this transaction: a refusal (or a rollback) gives it back. */
async function takeCodeUse(trx: Trx, choice: Choice, now: Date): Promise<void> {
  if (choice.code && !(await takeInvitationUse(trx, choice.ticket.id, choice.code.hash, choice.code.maxUses, iso(now)))) {
    throw new DomainError('InvalidInput', { invitationCode: 'form.error.invitationCodeUsedUp' });
  }
}

/**
 * The registration with every seat it wants (forum and chosen sessions), or SeatMissing. Rows
 * nobody else can hold yet come first; the seats (capacity rows, in id order) and then the
 * code's use are taken last, the lock order of src/db/transaction.ts among themselves.
 */
async function insertSeated(trx: Trx, deps: Deps, input: RegistrationInput, choice: Choice, now: Date, who: Who): Promise<RegisterResult> {
  const stamp = iso(now);
  // On PostgreSQL the new rows and counts wait and go with the seats and the COMMIT (a known person is read first).
  await sendWritesLater(trx);
  const { personId, known } = await personFor(trx, deps, choice, now, who);
  if (known) return countedWith(trx, deps, choice, known);
  const status = choice.confirmBy ? 'unconfirmed' : seatedStatus(choice.ticket);
  await insertOwnRows(trx, deps, input, { ...choice, personId, status }, 'seated', now);
  await countChoice(trx, deps, choice);
  const wants = [...seatsFor(deps), ...choice.sessions.map((pick) => ({ capacityId: sessionCapacityId(pick.sessionId), seats: 1 }))];
  if (deps.dialect === 'postgres' && !choice.code) {
    // The seats with the COMMIT, in one message (a missing seat raises SEAT0 from it, not SeatMissing).
    await takeSeatsAtCommit(trx, choice.id, wants, stamp);
  } else {
    if (!(await takeSeatsLast(trx, choice.id, wants, stamp))) throw new SeatMissing();
    await takeCodeUse(trx, choice, now);
  }
  return { created: true, registrationId: choice.id, personId, status, confirmBy: choice.confirmBy };
}

/**
 * PostgreSQL, when a seat was missing: the registration without seats (every choice waiting with
 * it), written with no lock taken before its last message, which carries the check that the
 * seats it wanted are still gone and the COMMIT (requireSeatsGoneAtCommit). Its rows are new (nobody
 * else can hold them), and the capacity rows are locked FOR SHARE within that message only: the
 * lock order of src/db/transaction.ts. Seats free after all: SEAT1, and the caller takes them.
 */
async function insertWaiting(trx: Trx, deps: Deps, input: RegistrationInput, choice: Choice, now: Date, who: Who): Promise<RegisterResult> {
  await sendWritesLater(trx);
  const { personId, known } = await personFor(trx, deps, choice, now, who);
  if (known) return countedWith(trx, deps, choice, known);
  const status = choice.confirmBy ? 'unconfirmed' : 'waitlisted';
  // Choices of a registration without its forum seat show no place in line.
  await insertOwnRows(trx, deps, input, { ...choice, personId, status }, 'waiting', now);
  await countChoice(trx, deps, choice);
  await requireSeatsGoneAtCommit(trx, seatsFor(deps));
  return { created: true, registrationId: choice.id, personId, status, confirmBy: choice.confirmBy };
}

/**
 * A new registration's own rows, which nobody else can hold yet: the registration, its choices
 * (all `seat`; these rows are what the email lists), its answers and its first email.
 */
async function insertOwnRows(
  trx: Trx,
  deps: Deps,
  input: RegistrationInput,
  place: Placement,
  seat: 'seated' | 'waiting',
  now: Date,
): Promise<void> {
  const row = registrationRow(deps, input, place, now);
  await insertRegistration(trx, row);
  const choices = await insertChoices(trx, place.id, place.sessions, seat, iso(now));
  await saveAnswers(trx, row.id, input.answers);
  const kind = firstEmail[place.status];
  if (kind) await enqueueRegistrationEmail(trx, deps, row, kind, { choices });
}

/** The careful way, when a seat is missing: the registration (or its choices) may wait. */
async function insertWithSeats(trx: Trx, deps: Deps, input: RegistrationInput, choice: Choice, now: Date): Promise<RegisterResult> {
  // Its counts first: the rate-limit rows before the capacity rows, as in insertSeated (transaction.ts).
  await countChoice(trx, deps, choice);
  await lockSessionSeats(trx, deps);
  const { personId, known } = await personAndLive(trx, deps, choice, now);
  if (known) return known;
  await takeCodeUse(trx, choice, now);
  const seated = await takeSeats(trx, choice.id, seatsFor(deps), iso(now));
  const status = choice.confirmBy ? 'unconfirmed' : seated ? seatedStatus(choice.ticket) : 'waitlisted';
  const row = registrationRow(deps, input, { ...choice, personId, status }, now);
  await insertRegistration(trx, row);
  // Each chosen session takes its own seat (a full one waits) once the forum seat is secured.
  await placeChoices(trx, choice.id, choice.sessions, seated, iso(now));
  await saveAnswers(trx, row.id, input.answers);
  const kind = firstEmail[status];
  // No session chosen: no choices to read back for the email.
  if (kind) await enqueueRegistrationEmail(trx, deps, row, kind, choice.sessions.length === 0 ? { choices: [] } : {});
  return { created: true, registrationId: choice.id, personId, status, confirmBy: choice.confirmBy };
}

/** The email a new registration gets at once (it carries the link that confirms it). */
const firstEmail: Partial<Record<RegistrationTable['status'], EmailKind>> = {
  unconfirmed: 'registration-confirm',
  confirmed: 'registration-confirmed',
  pending_payment: 'registration-payment-due',
  waitlisted: 'registration-waitlisted',
  awaiting_approval: 'registration-pending-approval',
};

/** The new row: the form's answers, the passport number sealed, the payment hold if any. */
function registrationRow(deps: Deps, input: RegistrationInput, place: Placement, now: Date): RegistrationTable {
  const stamp = iso(now);
  const letter = input.letter;
  return {
    id: place.id,
    edition: deps.catalog.edition,
    person_id: place.personId,
    email: place.email,
    ticket_id: place.ticket.id,
    category_id: input.category,
    status: place.status,
    name: input.name,
    organization: input.organization,
    job_title: input.jobTitle,
    phone: input.phone,
    country: input.country,
    dietary: input.dietary,
    accessibility: input.accessibility,
    interpretation: input.interpretation,
    locale: input.locale,
    letter_requested: letter ? 1 : 0,
    passport_name: letter ? input.passportName : null,
    passport_number_enc: letter ? seal(deps.keys.encryption, input.passportNumber.toUpperCase()) : null,
    nationality: letter ? input.nationality : null,
    arrival_date: letter ? input.arrival : null,
    departure_date: letter ? input.departure : null,
    ...letterAndInvoiceColumns(deps, input, place.ticket.priceCents),
    consent_at: stamp,
    amount_cents: place.ticket.priceCents,
    currency: place.ticket.currency,
    hold_expires_at: place.status === 'pending_payment' ? iso(addMinutes(now, deps.config.holdMinutes)) : null,
    confirm_by: place.status === 'unconfirmed' ? place.confirmBy : null,
    confirmed_at: place.status === 'confirmed' ? stamp : null,
    cancelled_at: null,
    checked_in_at: null,
    created_at: stamp,
    updated_at: stamp,
  };
}

/** The person's live registration, or NotFound. */
export async function liveRegistrationOf(deps: Deps, personId: string) {
  const reg = await findLiveRegistration(deps.db, deps.catalog.edition, personId);
  if (!reg) throw new DomainError('NotFound');
  return reg;
}

/** Organizer approval of a request (e.g. media); seats were reserved when it was made. */
export async function approveRegistration(deps: Deps, registrationId: string): Promise<void> {
  await inTransaction(deps.db, async (trx) => {
    if (!(await approveInTransaction(trx, deps, registrationId))) throw new DomainError('NotChangeable');
  });
}

/** approveRegistration inside the caller's transaction: false when the registration was not awaiting approval. */
export async function approveInTransaction(trx: Trx, deps: Deps, registrationId: string): Promise<boolean> {
  const now = deps.clock.now();
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
  if (!moved) return false;
  await enqueueRegistrationEmail(trx, deps, { ...reg, status }, paid ? 'registration-promoted' : 'registration-confirmed');
  return true;
}

/**
 * "Send me my link" for an address from parseEmail: always answers the same way, whether or
 * not the address is known, so the form cannot be used to find out who registered.
 */
export async function resendLink(deps: Deps, email: EmailAddress, locale: Locale): Promise<void> {
  // The client's submission was counted by the action (countSubmission), before the form was read.
  await countForEmail(deps, 'resend', email);
  const person = await findPersonByEmail(deps.db, email);
  if (!person) return;
  const reg = await findLiveRegistration(deps.db, deps.catalog.edition, person.id);
  const now = deps.clock.now();
  await enqueueEmail(
    deps.db,
    {
      kind: 'access-link',
      recipient: email,
      locale: (reg?.locale as Locale) ?? locale,
      payload: { personId: person.id, name: reg?.name },
    },
    now,
  );
}
