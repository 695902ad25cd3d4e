/**
 * The `routelab` program: commander wiring, and `run(argv, io)`, which runs one command
 * in-process and returns its exit code (main.ts calls it with the process's streams).
 */
import { createRequire } from 'node:module';
import { Command, CommanderError, Option } from 'commander';
import { checkCommand, type CheckCommandOptions } from './commands/check.js';
import { configCommand, type ConfigCommandOptions } from './commands/config.js';
import { lifecycleCommand, type LifecycleCommandOptions } from './commands/lifecycle.js';
import { lintCommand, type LintCommandOptions } from './commands/lint.js';
import {
  DEFAULT_SAMPLES,
  simulateCommand,
  type SimulateCommandOptions,
} from './commands/simulate.js';
import { testCommand, type TestCommandOptions } from './commands/test.js';
import { traceCommand, type TraceCommandOptions } from './commands/trace.js';
import { EXIT, UsageError, type Io } from './io.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Repeatable options; no default value, so that help does not print "(default: [])". */
const collect = (value: string, previous: readonly string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

const FILE_HELP =
  'manifests: a YAML or JSON file, a directory (its *.yaml, *.yml and *.json files, recursively) or - for standard input; repeatable';

const EXIT_CODES = `
Exit codes:
  0    trace: an HTTP response came back, whatever its status; lint: no errors;
       simulate: the run completed, whatever its error rate
  1    lint: at least one error; simulate: the error rate is above --fail-on-error-rate;
       lifecycle: a stage fails (the change is refused or ignored, or the request does not get through);
       test: a request fails, a test has an error, or coverage is under --fail-under;
       check: a goal is not met (--verify: an exercise does not verify)
  2    trace: no HTTP response came back (the name did not resolve, no connection, TLS failed)
  3    bad usage or unreadable input (unknown option, missing file, invalid URL)
  4    internal error in routelab (please report it)
  130  simulate: stopped early by Ctrl-C (the partial result is printed)`;

const TRACE_EXAMPLES = `
Examples:
  $ routelab trace -f examples/shop.yaml https://shop.example.com/api/cart
  $ routelab trace -f k8s/ -f extra.yaml http://203.0.113.10/api -H 'Host: shop.example.com'
  $ routelab trace -f examples/shop.yaml https://shop.example.com/ \\
      --resolve shop.example.com:443:203.0.113.10 -o json
  $ kubectl get ingress,service,deployment -A -o yaml | routelab trace -f - http://shop.example.com/
  $ routelab trace -f examples/shop.yaml http://shop.example.com/upload -X POST --data-size 5m
${EXIT_CODES}`;

const LINT_EXAMPLES = `
Examples:
  $ routelab lint -f examples/typos.yaml
  $ routelab lint -f k8s/ -o json
  $ helm template ./chart | routelab lint -f - -o json
${EXIT_CODES}`;

const LIFECYCLE_EXAMPLES = `
Examples:
  $ routelab lifecycle -f examples/shop.yaml
  $ routelab lifecycle -f examples/shop.yaml --change new-path.yaml
  $ routelab lifecycle -f k8s/ --change scale-api.yaml --url https://shop.example.com/api -o json
  $ routelab lifecycle -f k8s/ --delete old-ingress.yaml

Without --change it tells the story of the manifests applied to an empty cluster (with the
controllers already running); with --change it applies FILE on top of them as kubectl apply
does, finds what changed, and tells how the controller takes it (reload, dynamic update,
xDS push, in-memory) and when the new configuration serves.
${EXIT_CODES}`;

const CONFIG_EXAMPLES = `
Examples:
  $ routelab config -f examples/shop.yaml
  $ routelab config -f examples/shop.yaml --plain > nginx.conf
  $ routelab config -f k8s/ --controller envoy-default-eg -o yaml
  $ routelab config -f k8s/ -o json

By default ingress-nginx's configuration prints as nginx.conf and the others' as YAML
(xDS for Envoy Gateway and Contour, dynamic configuration for Traefik).
${EXIT_CODES}`;

const SIMULATE_EXAMPLES = `
Examples:
  $ routelab simulate -f examples/slow-import.yaml
  $ routelab simulate -f examples/rate-limit.yaml -o json
  $ routelab simulate -f k8s/ -f scenario.yaml --seed 7 --duration 2m
  $ routelab simulate -f k8s/ -f scenario.yaml -o json --fail-on-error-rate 1   # in CI
  $ routelab simulate -f k8s/ -f scenario.yaml --change new-route.yaml --change-at 20s

The Scenario (apiVersion: routelab.dev/v1alpha1, kind: Scenario) is read with the manifests:
seed, duration, network, how the pods behave, the traffic and the faults. Without one,
routelab sends 10 requests/s from 5 clients to the first host it finds, for 10 s.
With --change, the files are applied as kubectl apply does at --change-at: the proxies answer
from the old configuration until their controller has programmed the new one (a reload for
ingress-nginx, an xDS push for Envoy), and the events say when.
${EXIT_CODES}`;

const TEST_EXAMPLES = `
Examples:
  $ routelab test -f examples/shop.yaml -t examples/route-tests.yaml
  $ routelab test -f k8s/ -t tests/ --fail-under 80 -o junit > routelab-junit.xml
  $ helm template ./chart | routelab test -f - -t tests/routes.yaml -o json

A RouteTest (apiVersion: routelab.dev/v1alpha1, kind: RouteTest) lists requests, as curl
would send them, with what should come of them: status, backend, redirect, the path and
headers the pod receives, response headers, the certificate served. Coverage counts the
routes the manifests write that no request reached.
${EXIT_CODES}`;

const CHECK_EXAMPLES = `
Examples:
  $ routelab check src/exercises/01-missing-ingress-class.yaml
  $ routelab check src/exercises/01-missing-ingress-class.yaml -f my-fix.yaml --hints 1
  $ routelab check src/exercises/ --exercise upload-body-size -f upload.yaml -o json
  $ routelab check src/exercises/ --verify

Without -f it grades the exercise's starting manifests (which meet some goals and not
others); -f grades your files instead, with the exercise's own Scenario.
${EXIT_CODES}`;

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('routelab');
  program
    .description(
      'Follow an HTTP request into a Kubernetes cluster, from DNS to the pod, using only the YAML you would kubectl apply.',
    )
    .version(pkg.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(`routelab: ${s.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ routelab trace -f examples/shop.yaml https://shop.example.com/api/cart
  $ routelab lint -f examples/typos.yaml
  $ routelab simulate -f examples/slow-import.yaml
${EXIT_CODES}`,
    );

  program
    .command('trace')
    .summary(
      'trace one request through dns, l4lb, controller, tls, match, endpoints, upstream, pod',
    )
    .description(
      'Trace one request, as curl would send it, through every stage (dns, l4lb, controller, tls, match, endpoints, upstream, pod): what each component decides, why, and which lines of the YAML decided it.',
    )
    .argument('<url>', 'the URL, as curl takes it (http:// when no scheme is given)')
    .option('-f, --filename <path>', FILE_HELP, collect)
    .option('-X, --request <method>', 'HTTP method (default GET, or POST with --data-size)')
    .option('-H, --header <header>', "request header 'Name: value'; repeatable", collect)
    .option('--client-ip <ip>', "the client's address as the load balancer sees it")
    .option('--data-size <bytes>', 'request body size: bytes, or with k, m, g (powers of 1024)')
    .option(
      '--resolve <host:port:address>',
      'connect to address for host:port, sending host as SNI and Host (as curl); repeatable',
      collect,
    )
    .option('-k, --insecure', 'continue when the server certificate does not verify (as curl)')
    .option('--strict', 'treat what the YAML does not define (a referenced Service) as missing')
    .option('--seed <n>', 'seed for random choices (pod, replica, canary); default 1')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', TRACE_EXAMPLES)
    .action(async (url: string, options: TraceCommandOptions) => {
      setExit(await traceCommand(url, options, io));
    });

  program
    .command('lint')
    .summary('report problems in the YAML, with the line and a fix where there is one')
    .description(
      'Report every problem routelab finds in the YAML (what the API server would refuse, what ingress-nginx would ignore or do differently than written), with its file, line, code and a fix where there is one. Exits 1 when one is an error.',
    )
    .option('-f, --filename <path>', FILE_HELP, collect)
    .option('--strict', 'treat what the YAML does not define (a referenced Service) as missing')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', LINT_EXAMPLES)
    .action(async (options: LintCommandOptions) => {
      setExit(await lintCommand(options, io));
    });

  program
    .command('simulate')
    .summary('run whole traffic in simulated time: outcomes, latency, retries, load per pod')
    .description(
      "Run the traffic of the Scenario in the manifests (or a default one) in simulated time, with its faults, the pods' behaviour, timeouts, retries, rate limits and keep-alive, and report what came out: outcomes and reasons, latency per route, load per pod and controller replica, the events, throughput over time and a few whole requests. The same seed gives the same result.",
    )
    .option('-f, --filename <path>', `${FILE_HELP}; the Scenario is one of the documents`, collect)
    .option('--seed <n>', "seed for every random choice (default: the Scenario's, or 1)")
    .option(
      '--duration <d>',
      "simulated time: 500ms, 30s, 2m, 1m30s or seconds (default: the Scenario's, or 10s)",
    )
    .option('--samples <n>', `whole requests kept per outcome (default ${DEFAULT_SAMPLES})`)
    .option(
      '--fail-on-error-rate <percent>',
      'exit 1 when more than this share of requests end in a 5xx or with no response',
    )
    .option(
      '--change <path>',
      'apply this file on top of the manifests during the run (kubectl apply); repeatable',
      collect,
    )
    .option('--change-at <d>', 'when the change is applied (default: halfway through the run)')
    .option('--strict', 'treat what the YAML does not define (a referenced Service) as missing')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', SIMULATE_EXAMPLES)
    .action(async (options: SimulateCommandOptions) => {
      setExit(await simulateCommand(options, io));
    });

  program
    .command('test')
    .summary('run route tests against the manifests, with route coverage, for CI')
    .description(
      'Run every request of the RouteTest documents against the manifests and check what comes of it (status, backend, redirect, the path and headers the pod receives, response headers, the certificate), then report which routes of which controllers no request reached. Exits 1 when a request fails, a test has an error, or coverage is under --fail-under.',
    )
    .option('-f, --filename <path>', FILE_HELP, collect)
    .option(
      '-t, --tests <path>',
      'route tests: a file or directory of RouteTest documents, or - for standard input; repeatable',
      collect,
    )
    .option(
      '--fail-under <percent>',
      'exit 1 when fewer than this share of the routes were reached by a request',
    )
    .option('--strict', 'treat what the YAML does not define (a referenced Service) as missing')
    .option('--seed <n>', 'seed for random choices (pod, replica, canary); default 1')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json', 'junit'])
        .default('text'),
    )
    .addHelpText('after', TEST_EXAMPLES)
    .action(async (options: TestCommandOptions) => {
      setExit(await testCommand(options, io));
    });

  program
    .command('check')
    .summary('grade a workshop exercise goal by goal: its starting state, or your files')
    .description(
      "Grade an exercise (kind: Exercise) goal by goal: requests that must get a status, a backend, a redirect or headers, diagnostics that must be gone, simulation thresholds. Without -f it grades the exercise's starting manifests; with -f, your files, with the exercise's own Scenario. EXERCISE is a file or a pack (a directory, or one file of several exercises).",
    )
    .argument('<exercise>', 'the exercise file, or a pack (directory or multi-document file)')
    .option('-f, --filename <path>', `your manifests to grade; ${FILE_HELP}`, collect)
    .option('--exercise <name>', 'the exercise of a pack to grade (its metadata.name)')
    .option('--hints <n>', 'show the first n hints')
    .option('--solution', "grade the exercise's own solution")
    .option(
      '--verify',
      'for pack authors: check that each solution meets every goal and each starting state does not',
    )
    .option('--seed <n>', 'seed for traces and the simulation')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (exercise: string, options: CheckCommandOptions) => {
      setExit(await checkCommand(exercise, options, io));
    });

  program
    .command('lifecycle')
    .summary('the eleven stages from kubectl apply to a request reaching a pod, with times')
    .description(
      'Tell what happens between kubectl apply and the first request reaching a pod, in eleven stages: the API server, the controller watch and class filter, the configuration generated, the TLS Secret, the proxy reload or dynamic update, DNS, the cloud load balancer, TLS termination, route matching, backend selection and the pod. Each stage says how long it takes for this controller family, what you would see (kubectl, events, logs) and what went wrong, with the lines of the YAML that caused it.',
    )
    .option('-f, --filename <path>', FILE_HELP, collect)
    .option(
      '--change <path>',
      'apply this file on top of the manifests (kubectl apply); repeatable',
      collect,
    )
    .option(
      '--delete <path>',
      'delete the objects of this file (kubectl delete -f); repeatable',
      collect,
    )
    .option(
      '--url <url>',
      'the request to follow after the change (default: a host and path the change routes)',
    )
    .option('-H, --header <header>', "request header 'Name: value' for --url; repeatable", collect)
    .option('--controller <name>', 'the controller to follow (namespace/name or name)')
    .option('--strict', 'treat what the YAML does not define (a referenced Service) as missing')
    .option('--seed <n>', 'seed for random choices (pod, replica); default 1')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', LIFECYCLE_EXAMPLES)
    .action(async (options: LifecycleCommandOptions) => {
      setExit(await lifecycleCommand(options, io));
    });

  program
    .command('config')
    .summary(
      "the configuration each proxy runs: nginx.conf, Envoy's xDS, Traefik's dynamic configuration",
    )
    .description(
      "Print the configuration each controller's proxy runs for the manifests, built from the same route tables trace uses: ingress-nginx's nginx.conf (servers, locations in the controller's order, the directives annotations and the ConfigMap set), the listeners, routes, clusters and endpoints an Envoy-based controller pushes as xDS, or Traefik's routers, services and middlewares. Every block names the YAML that produced it.",
    )
    .option('-f, --filename <path>', FILE_HELP, collect)
    .option('--controller <name>', 'only this controller (namespace/name or name)')
    .option(
      '--plain',
      'nginx.conf that plain nginx runs as it is (no Lua): endpoints as upstream servers',
    )
    .option('--strict', 'treat what the YAML does not define (a referenced Service) as missing')
    .addOption(
      new Option(
        '-o, --output <format>',
        'output format (default: nginx for ingress-nginx, yaml for the others)',
      ).choices(['nginx', 'yaml', 'json']),
    )
    .addHelpText('after', CONFIG_EXAMPLES)
    .action(async (options: ConfigCommandOptions) => {
      setExit(await configCommand(options, io));
    });

  return program;
}

/** Runs the command line `argv` (without node and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof UsageError) {
      io.stderr(`routelab: ${e.message}\n`);
      return EXIT.usage;
    }
    io.stderr(
      `routelab: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return EXIT.internal;
  }
}
