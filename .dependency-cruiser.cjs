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
      name: 'cli-on-top',
      severity: 'error',
      comment: 'Commands only parse, call and print: nothing below harness/cli/ may import it (DESIGN.md, import direction).',
      from: { path: '^harness/(?!cli/)' },
      to: { path: '^harness/cli/' },
    },
    {
      name: 'report-reads-records',
      severity: 'error',
      comment: 'Renderers read run.json (harness/record/) only; they never import the orchestrator or the engines.',
      from: { path: '^harness/report/' },
      to: { path: '^harness/(run|capacity|gameday|k6|infra|load|chaos|probes|toxiproxy)/' },
    },
    {
      name: 'run-below-its-users',
      severity: 'error',
      comment: 'run/ is used by capacity/, gameday/ and k6/, and takes no renderer helpers from report/.',
      from: { path: '^harness/run/' },
      to: { path: '^harness/(capacity|gameday|k6|report)/' },
    },
    {
      name: 'engines-below-run',
      severity: 'error',
      comment: 'infra/, load/, chaos/, probes/, scenario/ and the shared helpers are used by run/, never the other way.',
      from: { path: '^harness/(infra|load|chaos|probes|scenario|record|common|errors|settings|toxiproxy)/' },
      to: { path: '^harness/(run|capacity|gameday|k6|report)/' },
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
