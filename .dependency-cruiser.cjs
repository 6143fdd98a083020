/**
 * The layering `npm run lint` enforces (dependency-cruiser, run on src/ and emails/).
 * Type-only imports count: a circle through types is still a circle.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, type-only imports included: each module should be readable on its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'delivery-uses-the-mail-port',
      severity: 'error',
      comment:
        'The delivery engine depends on the Mailer port only; the composition roots (src/node.ts, src/worker.ts) wire the adapters.',
      from: { path: '^src/delivery/' },
      to: { path: '^src/mail/', pathNot: '^src/mail/port\\.ts$' },
    },
    {
      name: 'webhooks-not-delivery',
      severity: 'error',
      comment: 'Provider events update deliveries through their own code, never through the sending engine.',
      from: { path: '^src/webhooks/' },
      to: { path: '^src/delivery/' },
    },
    {
      name: 'emails-stand-alone',
      severity: 'error',
      comment:
        'The React Email templates import nothing from src/ (src/render imports them), so `email dev` previews them as they are.',
      from: { path: '^emails/' },
      to: { path: '^src/' },
    },
    {
      name: 'openapi-knows-no-concept',
      severity: 'error',
      comment:
        'The OpenAPI document is built from the route table: route files import its describer (src/openapi/describe.ts), never the other way round.',
      from: { path: '^src/openapi/' },
      to: { path: '^src/', pathNot: ['^src/(openapi|http)/', '^src/(deps|paths)\\.ts$'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the checker cannot resolve would make the rules above pass without looking.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Read packages' `exports` maps, so subpath imports (`hono/jsx`) resolve as TypeScript resolves them.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
