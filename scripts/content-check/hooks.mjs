// Module resolve hook: astro:content and astro/loaders resolve to our shims.
const shims = new URL('./astro-shims.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'astro:content' || specifier === 'astro/loaders') return { url: shims, shortCircuit: true };
  return next(specifier, context);
}
