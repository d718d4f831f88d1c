// The local Step Functions: the state machine definition (terraform/definitions/processing.asl.json) run by a real
// ASL interpreter (aws-local-stepfunctions), with local handlers for the service integrations it uses, and the
// subset of the Step Functions API that the pipe and people need (StartExecution, DescribeExecution,
// ListExecutions, GetExecutionHistory, DescribeStateMachine, ListStateMachines; AWS JSON 1.0, target prefix
// AWSStepFunctions).

import './polyfills.mjs';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const MAX_EXECUTIONS = 1000;

/**
 * Reads an ASL file and fills its `${name}` placeholders (Terraform templatefile() syntax) with JSON-escaped values.
 * @throws {Error} if a placeholder has no value
 */
export function loadDefinition(path, values) {
  const text = readFileSync(path, 'utf8').replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name) => {
    if (!(name in values)) throw new Error(`${path}: no value for placeholder ${match}`);
    return JSON.stringify(String(values[name])).slice(1, -1);
  });
  return JSON.parse(text);
}

/** Every Task state of a definition, including those inside Map and Parallel states: [{name, resource}]. */
export function taskStates(definition) {
  const found = [];
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    if (state.Type === 'Task') found.push({ name, resource: state.Resource });
    for (const inner of [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])]) {
      if (inner) found.push(...taskStates(inner));
    }
  }
  return found;
}

/** An error a Task handler throws: `name` is the error matched by Retry/Catch ErrorEquals, `message` the Cause. */
export class TaskError extends Error {
  constructor(name, cause) {
    super(cause);
    this.name = name;
  }
}

/**
 * Handler for `arn:aws:states:::lambda:invoke` (AWS docs "Invoke an AWS Lambda function with Step Functions"):
 * input `{FunctionName, Payload}`; POSTs the Payload to the function's local Lambda endpoint (the Quarkus mock
 * event server, `<url>/_lambda_`) and answers `{ExecutedVersion, Payload, StatusCode: 200, ...}` like the real
 * integration. A function error (HTTP 500 with errorType/errorMessage) becomes a Task error named after errorType
 * with the Lambda error JSON as Cause; an unreachable function becomes `Lambda.ServiceException`; an unknown
 * function `Lambda.ResourceNotFoundException`.
 * @param {Record<string, string>} functions function ARN (or name) -> base URL, e.g. http://localhost:8082
 */
export function lambdaInvoke(functions) {
  return async ({ FunctionName, Payload }) => {
    const base = functions[FunctionName];
    if (!base) throw new TaskError('Lambda.ResourceNotFoundException', `Function not found: ${FunctionName}`);
    let res;
    try {
      res = await fetch(`${base}/_lambda_`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Payload ?? null),
      });
    } catch (e) {
      throw new TaskError('Lambda.ServiceException', `${FunctionName} at ${base} cannot be reached: ${e.cause?.code ?? e.message}`);
    }
    const text = await res.text();
    if (res.status === 200) {
      return {
        ExecutedVersion: '$LATEST',
        Payload: text ? JSON.parse(text) : null,
        SdkHttpMetadata: { HttpStatusCode: 200 },
        SdkResponseMetadata: { RequestId: randomUUID() },
        StatusCode: 200,
      };
    }
    let error;
    try {
      error = JSON.parse(text);
    } catch {
      error = undefined;
    }
    if (res.status === 500 && error?.errorType) {
      throw new TaskError(error.errorType, JSON.stringify({ errorMessage: error.errorMessage, errorType: error.errorType, stackTrace: error.stackTrace ?? [] }));
    }
    throw new TaskError('Lambda.ServiceException', `${FunctionName} answered HTTP ${res.status}: ${text.slice(0, 500)}`);
  };
}

/**
 * Handler for `arn:aws:states:::dynamodb:updateItem`: the UpdateItem parameters (DynamoDB JSON) sent to DynamoDB;
 * errors are named `DynamoDB.<exception>` (e.g. `DynamoDB.ConditionalCheckFailedException`) as Step Functions
 * names them.
 * @param {DynamoDBClient} client
 */
export function dynamodbUpdateItem(client) {
  return async (params) => {
    try {
      const { $metadata, ...output } = await client.send(new UpdateItemCommand(params));
      return { ...output, SdkHttpMetadata: { HttpStatusCode: $metadata.httpStatusCode } };
    } catch (e) {
      throw new TaskError(`DynamoDB.${e.name}`, e.message);
    }
  };
}

/** A DynamoDB client for the workflow's integrations. */
export function dynamodbClient({ endpoint, region, accessKeyId, secretAccessKey }) {
  return new DynamoDBClient({ endpoint, region, credentials: { accessKeyId, secretAccessKey } });
}

/**
 * One state machine with local task handlers.
 * @param {object} options
 * @param {object} options.definition the ASL definition (placeholders filled)
 * @param {string} options.name state machine name
 * @param {Record<string, Function>} options.handlers Task Resource -> async (input) => result (throw TaskError)
 * @param {string} [options.region]
 * @param {string} [options.accountId]
 * @param {(line: string) => void} [options.log]
 */
export class Workflow {
  constructor({ definition, name, handlers, region = 'us-east-1', accountId = '000000000000', log = () => {} }) {
    this.definition = definition;
    this.name = name;
    this.region = region;
    this.accountId = accountId;
    this.log = log;
    this.arn = `arn:aws:states:${region}:${accountId}:stateMachine:${name}`;
    this.created = Date.now();
    this.machine = new StateMachine(definition);
    this.localHandlers = {};
    for (const { name: state, resource } of taskStates(definition)) {
      const handler = handlers[resource];
      if (!handler) throw new Error(`state ${state}: no local handler for Resource ${resource}`);
      this.localHandlers[state] = (input) => handler(input, { state, resource });
    }
    /** @type {Map<string, object>} execution ARN -> execution */
    this.executions = new Map();
  }

  /**
   * Starts an execution and returns at once (the caller may await `execution.done`).
   * @param {unknown} input the execution input (any JSON value)
   * @param {{name?: string}} [options]
   * @returns {{arn: string, name: string, status: string, startDate: number, done: Promise<object>}}
   */
  start(input, { name = randomUUID() } = {}) {
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${this.name}:${name}`;
    if (this.executions.has(arn)) throw Object.assign(new Error(`Execution Already Exists: '${arn}'`), { type: 'ExecutionAlreadyExists' });
    const startDate = Date.now();
    const context = {
      Execution: { Id: arn, Name: name, RoleArn: `arn:aws:iam::${this.accountId}:role/local-workflow` },
      StateMachine: { Id: this.arn, Name: this.name },
      // The interpreter does not fill $$.State; its EnteredTime is read when the state's Parameters are evaluated,
      // which is when the state is entered.
      State: { get EnteredTime() { return new Date().toISOString(); } },
    };
    const run = this.machine.run(input, { overrides: { taskResourceLocalHandlers: this.localHandlers }, context });
    const execution = { arn, name, status: 'RUNNING', startDate, input, events: [] };
    this.executions.set(arn, execution);
    // Keep the most recent executions only (a long dev session would otherwise grow without bound).
    for (const [oldArn, old] of this.executions) {
      if (this.executions.size <= MAX_EXECUTIONS) break;
      if (old.status !== 'RUNNING') this.executions.delete(oldArn);
    }
    const collect = (async () => {
      for await (const event of run.eventLogs) execution.events.push(event);
    })();
    execution.done = run.result.then(
      (output) => Object.assign(execution, { status: 'SUCCEEDED', output }),
      (e) => {
        const cause = e.cause ?? e;
        return Object.assign(execution, { status: 'FAILED', error: cause.name, cause: cause.message });
      },
    ).then(async (done) => {
      done.stopDate = Date.now();
      await collect.catch(() => {});
      this.log(`execution ${name} ${done.status}${done.error ? ` (${done.error})` : ''} in ${done.stopDate - startDate} ms`);
      return done;
    });
    return execution;
  }
}

/**
 * The processing state machine of this system, as the local cloud runs it: processing.asl.json with its placeholders
 * filled, `lambda:invoke` sent to the processor's local Lambda endpoint, `dynamodb:updateItem` to DynamoDB.
 * @param {object} options
 * @param {string} options.definitionsDir terraform/definitions
 * @param {string} options.tableName
 * @param {string} options.functionArn the processor's function ARN (FunctionName in the ASL)
 * @param {string} options.processorUrl e.g. http://localhost:8082
 * @param {DynamoDBClient} options.dynamodb
 * @param {Record<string, (handler: Function) => Function>} [options.wrap] per Task Resource, wraps the local handler
 *   (tests use it to inject faults in front of the real processor)
 * @param {(line: string) => void} [options.log]
 */
export function processingWorkflow({ definitionsDir, tableName, functionArn, processorUrl, dynamodb, wrap = {}, log, name = 'processing' }) {
  const functionName = functionArn.split(':').pop();
  const handlers = {
    'arn:aws:states:::lambda:invoke': lambdaInvoke({ [functionArn]: processorUrl, [functionName]: processorUrl }),
    'arn:aws:states:::dynamodb:updateItem': dynamodbUpdateItem(dynamodb),
  };
  for (const [resource, wrapper] of Object.entries(wrap)) handlers[resource] = wrapper(handlers[resource]);
  return new Workflow({
    definition: loadDefinition(`${definitionsDir}/processing.asl.json`, { processor_function_arn: functionArn, table_name: tableName }),
    name,
    handlers,
    log,
  });
}

/**
 * The Step Functions API subset over HTTP (AWS JSON 1.0): StartExecution, DescribeExecution, ListExecutions,
 * GetExecutionHistory, DescribeStateMachine, ListStateMachines. Timestamps are epoch seconds, as the API sends.
 * @param {Workflow[]} workflows
 * @returns {http.Server} not yet listening
 */
export function createStepFunctionsApi(workflows) {
  const byArn = new Map(workflows.map((w) => [w.arn, w]));
  const findExecution = (arn) => {
    for (const w of workflows) if (w.executions.has(arn)) return w.executions.get(arn);
    throw apiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  };
  const machine = (arn) => {
    const w = byArn.get(arn);
    if (!w) throw apiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return w;
  };
  const describe = (e) => ({
    executionArn: e.arn,
    stateMachineArn: e.arn.replace(/:execution:([^:]+):[^:]+$/, ':stateMachine:$1'),
    name: e.name,
    status: e.status,
    startDate: e.startDate / 1000,
    ...(e.stopDate ? { stopDate: e.stopDate / 1000 } : {}),
    input: JSON.stringify(e.input),
    ...(e.status === 'SUCCEEDED' ? { output: JSON.stringify(e.output) } : {}),
    ...(e.error ? { error: e.error, cause: e.cause } : {}),
  });
  const operations = {
    StartExecution: ({ stateMachineArn, input = '{}', name }) => {
      const w = machine(stateMachineArn);
      let parsed;
      try {
        parsed = JSON.parse(input);
      } catch {
        throw apiError('InvalidExecutionInput', 'Invalid execution input: not JSON');
      }
      const e = w.start(parsed, name ? { name } : {});
      return { executionArn: e.arn, startDate: e.startDate / 1000 };
    },
    DescribeExecution: ({ executionArn }) => describe(findExecution(executionArn)),
    ListExecutions: ({ stateMachineArn, statusFilter, maxResults = 100 }) => ({
      executions: [...machine(stateMachineArn).executions.values()]
        .filter((e) => !statusFilter || e.status === statusFilter)
        .reverse()
        .slice(0, maxResults)
        .map((e) => {
          const { input, output, ...summary } = describe(e);
          return summary;
        }),
    }),
    GetExecutionHistory: ({ executionArn }) => ({
      events: findExecution(executionArn).events.map(({ type, timestamp, ...details }, i) => ({
        id: i + 1, timestamp: timestamp / 1000, type, details: JSON.parse(JSON.stringify(details, (k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v))),
      })),
    }),
    DescribeStateMachine: ({ stateMachineArn }) => {
      const w = machine(stateMachineArn);
      return { stateMachineArn: w.arn, name: w.name, status: 'ACTIVE', type: 'STANDARD', definition: JSON.stringify(w.definition), creationDate: w.created / 1000 };
    },
    ListStateMachines: () => ({
      stateMachines: workflows.map((w) => ({ stateMachineArn: w.arn, name: w.name, type: 'STANDARD', creationDate: w.created / 1000 })),
    }),
  };
  return http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const [prefix, operation] = String(req.headers['x-amz-target'] ?? '').split('.');
      let status = 200;
      let answer;
      try {
        if (prefix !== 'AWSStepFunctions' || !operations[operation]) throw apiError('UnknownOperationException', `Unknown operation ${req.headers['x-amz-target']}`);
        answer = operations[operation](JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch (e) {
        status = 400;
        answer = { __type: e.type ?? 'ValidationException', message: e.message };
      }
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(answer));
    });
  });
}

function apiError(type, message) {
  return Object.assign(new Error(message), { type });
}
