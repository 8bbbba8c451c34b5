/** Bulk name badges: the form starts a run and goes to its progress page. */
import { defineAction } from 'astro:actions';
import { parseBadgeRun } from '../features/printouts/badges.schema.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import { can } from '../features/staff/roles.ts';
import { adminRoutes } from '../lib/admin-routes.ts';
import { startBadgeJob } from '../server/badge-jobs.ts';
import { currentStaff } from '../server/staff.ts';
import { handleForm, text } from './run.ts';

export const badgeActions = {
  badgesStart: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'badge run', async (deps, locale) => {
        const staff = await currentStaff(context);
        if (!staff || !can(staff.role, 'registration:read')) throw new DomainError('InvalidToken');
        const selection = parseBadgeRun(
          { layout: text(form, 'layout'), category: text(form, 'category') },
          deps.catalog.categories.map((c) => c.id),
        );
        return adminRoutes.badgeJob(locale, await startBadgeJob(deps, locale, selection));
      }),
  }),
};
