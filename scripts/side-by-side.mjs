// Runs the astro:build:done steps of integrations that do not depend on each other at the same
// time (Astro runs each integration's hooks one after another): Pagefind indexes the pages in
// its own process while the sitemap is written here. Every other hook runs in the given order,
// with each integration's own logger label.
/** @param {import('astro').AstroIntegration[]} integrations */
export default function sideBySide(...integrations) {
  /** @type {Record<string, (params: any) => Promise<void>>} */
  const hooks = {};
  const names = new Set(integrations.flatMap((integration) => Object.keys(integration.hooks)));
  for (const name of names) {
    const steps = integrations.flatMap((integration) => {
      const hook = /** @type {Record<string, ((params: any) => unknown) | undefined>} */ (integration.hooks)[name];
      return hook ? [{ hook, label: integration.name }] : [];
    });
    /** @param {{ logger: import('astro').AstroIntegrationLogger }} params */
    const call = (params, step) => step.hook({ ...params, logger: params.logger.fork(step.label) });
    hooks[name] =
      name === 'astro:build:done'
        ? async (params) => {
            await Promise.all(steps.map((step) => call(params, step)));
          }
        : async (params) => {
            for (const step of steps) await call(params, step);
          };
  }
  return { name: integrations.map((integration) => integration.name).join(' + '), hooks };
}
