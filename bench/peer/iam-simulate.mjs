// Times @cloud-copilot/iam-simulate (a TypeScript IAM simulator, AGPL, used here only as a dev tool and
// never shipped) on the same single-hop check crisscross's "evaluate one hop" benchmark runs: the
// Control Tower Region deny at an OU under FullAWSAccess, plus a Bedrock identity policy, for the
// us-east-2 foundation-model hop of us.anthropic.claude-sonnet-4-5 called from us-east-1.
// Usage: node bench/peer/iam-simulate.mjs SCENARIO.json  (prints JSON: median milliseconds per check)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { homedir } from 'node:os';

const tools = process.env.CRISSCROSS_TOOLS ?? join(homedir(), '.cache', 'crisscross-tools');
const require = createRequire(join(tools, 'node_modules', 'x.js'));
const { runSimulation } = await import(require.resolve('@cloud-copilot/iam-simulate'));

const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const doc = (p) => (typeof p.document === 'string' ? JSON.parse(p.document) : p.document);
const profile = scenario.request.profile;
const model = profile.slice(profile.indexOf('.') + 1);
const account = scenario.principal.split(':')[4];
const simulation = {
  request: {
    principal: scenario.principal,
    action: 'bedrock:InvokeModel',
    resource: { resource: `arn:aws:bedrock:us-east-2::foundation-model/${model}`, accountId: account },
    contextVariables: {
      'aws:RequestedRegion': 'us-east-2',
      'bedrock:InferenceProfileArn': `arn:aws:bedrock:us-east-1:${account}:inference-profile/${profile}`,
      'aws:PrincipalArn': scenario.principal,
      'aws:PrincipalAccount': account,
    },
  },
  identityPolicies: scenario.identityPolicies.map((p) => ({ name: p.name, policy: doc(p) })),
  serviceControlPolicies: scenario.scps.map((level) => ({
    orgIdentifier: level.target,
    policies: level.policies.map((p) => ({ name: p.name, policy: doc(p) })),
  })),
  resourceControlPolicies: [],
};

const once = () => runSimulation(simulation, {});
const first = await once();
const decision = first.resultType === 'single' ? first.result.analysis?.result : JSON.stringify(first).slice(0, 200);
for (let i = 0; i < 200; i++) await once();
const samples = [];
for (let round = 0; round < 15; round++) {
  const n = 100;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await once();
  samples.push(Number(process.hrtime.bigint() - start) / 1e6 / n);
}
samples.sort((a, b) => a - b);
console.log(JSON.stringify({ tool: '@cloud-copilot/iam-simulate', decision, medianMs: samples[Math.floor(samples.length / 2)] }));
