/**
 * Layer rules, checked by `npm run lint`. They follow real import edges (resolved by
 * dependency-cruiser), not file-name patterns.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'A domain/ folder holds pure rules: it must not reach into application/ or adapters/.',
      from: { path: '(^|/)domain/' },
      to: { path: '(^|/)(application|adapters)/' },
    },
    {
      name: 'domain-has-no-io',
      severity: 'error',
      comment: 'A domain/ folder must not import drivers or network clients; they belong in adapters/.',
      from: { path: '(^|/)domain/' },
      to: {
        path: 'node_modules/(pg|ioredis|undici|fastify)/|^(node:)?(net|http|https|fs|child_process)$',
        dependencyTypes: ['npm', 'core'],
      },
    },
    {
      name: 'application-not-adapters',
      severity: 'error',
      comment: 'application/ talks to the world through ports; only the composition root wires adapters in.',
      from: { path: '(^|/)application/' },
      to: { path: '(^|/)adapters/' },
    },
    {
      name: 'harness-not-services',
      severity: 'error',
      comment: 'The harness drives services over HTTP; it must not import their code.',
      from: { path: '^harness/' },
      to: { path: '^target-services/(?!upstreams/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
