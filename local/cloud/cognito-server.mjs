// Starts cognito-local (npm, pinned in package-lock.json) with a logger of our own instead of its bin/start.js, in
// the working directory whose .cognito/ holds its data. The only difference is what its log calls a failure:
// cognito-local logs every Cognito error answer (HTTP 400: a user that does not exist yet while the cloud seeds
// the demo user, a wrong password at sign-in, an expired token) as a WARN with a stack trace. Those are answers
// the API gives by design, so here they are one INFO line each: `<operation> answered <code>: <message>`. Its own
// faults (HTTP 500, unsupported operations) stay ERROR lines with their stack traces.
//
// Run: node local/cloud/cognito-server.mjs (environment: PORT, HOST as for cognito-local; DEBUG=1 for its debug
// lines). pino and pino-pretty are cognito-local's own dependencies, resolved from its package.

import { createRequire } from 'node:module';

const fromCognitoLocal = createRequire(createRequire(import.meta.url).resolve('cognito-local/package.json'));
const pino = fromCognitoLocal('pino');
const pinoPretty = fromCognitoLocal('pino-pretty');
const { createDefaultServer } = fromCognitoLocal('./lib/index.js');
const { CognitoError } = fromCognitoLocal('./lib/errors.js');

const WARN = pino.levels.values.warn;

const logger = pino({
  level: process.env.DEBUG ? 'debug' : 'info',
  hooks: {
    // cognito-local calls `log.warn(error, 'Error handling target: <Operation>')` for a CognitoError.
    logMethod(args, method, level) {
      const [first, message] = args;
      if (level === WARN && first instanceof CognitoError) {
        const operation = String(message ?? '').replace(/^Error handling target: /, '');
        return this.info(`${operation} answered ${first.code}: ${first.message}`);
      }
      return method.apply(this, args);
    },
  },
}, pinoPretty({
  colorize: false,
  ignore: 'pid,name,hostname,reqId',
  singleLine: true,
  translateTime: 'SYS:standard',
  messageFormat: (log, key) => `${log.reqId ?? '-'} ${log[key]}`,
}));

createDefaultServer(logger).then((server) => server.start()).then((server) => {
  const address = server.address();
  logger.info(`Cognito Local running on http://${typeof address === 'string' ? address : `${address.address}:${address.port}`}`);
}, (e) => {
  logger.error(e);
  process.exit(1);
});
