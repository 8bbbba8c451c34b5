/**
 * Import boundaries (docs/architecture.md, "Layers and imports"). Imports go one way:
 *   pages, actions, components, layouts → server, site → features → db, lib, i18n
 * `npm run lint` fails on a violation and prints the file, the import and the rule.
 */
module.exports = {
  forbidden: [
    {
      name: 'features-stay-framework-free',
      comment:
        'The domain never imports routes, actions, components, layouts, the composition root, the content site layer or astro:* modules.',
      severity: 'error',
      from: { path: '^src/features/' },
      to: { path: ['^src/(pages|actions|components|layouts|server|site)/', '^astro:', '^astro$'] },
    },
    {
      name: 'db-knows-no-feature',
      comment: 'The database layer (connection, schema, migrations) never imports a feature or anything above it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/(features|pages|actions|components|layouts|server|site)/' },
    },
    {
      name: 'lib-and-i18n-import-no-feature',
      comment: 'Small pure helpers and translations sit below every feature.',
      severity: 'error',
      from: { path: '^src/(lib|i18n)/' },
      to: { path: '^src/(features|db|pages|actions|components|layouts|server|site)/' },
    },
    {
      name: 'shared-kernel-stays-shared',
      comment: 'features/shared is used by every feature, so it depends on none of them.',
      severity: 'error',
      from: { path: '^src/features/shared/' },
      to: { path: '^src/features/(?!shared/)' },
    },
    {
      name: 'nothing-imports-routes',
      comment: 'Pages are entry points: nothing imports a page.',
      severity: 'error',
      from: { pathNot: '^src/pages/' },
      to: { path: '^src/pages/' },
    },
    {
      name: 'components-go-through-services',
      comment: 'Components and layouts receive view objects: they never query the database or read repositories.',
      severity: 'error',
      from: { path: '^src/(components|layouts)/' },
      to: { path: ['^src/db/', '\\.repository\\.ts$'] },
    },
    {
      name: 'pages-do-not-query',
      comment: 'Routes call feature services or view builders, never repositories or the database directly.',
      severity: 'error',
      from: { path: '^src/(pages|actions)/' },
      to: { path: ['^src/db/', '\\.repository\\.ts$'] },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make layers meaningless.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/', '^\\.astro/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.astro', '.json'] },
  },
};
