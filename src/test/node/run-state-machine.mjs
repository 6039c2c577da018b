// Executes an ASL definition locally with aws-local-stepfunctions, every Task calling the real Java handlers
// through the test's HTTP bridge. Usage: node run-state-machine.mjs <definition.json> <input.json> <bridge-url>
// Prints one JSON line: {"status": "SUCCEEDED"|"FAILED", "output"|"error", "cause"}.
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';

const [definitionFile, inputFile, bridge] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const input = JSON.parse(readFileSync(inputFile, 'utf8'));

class HandlerError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name; // Retry and Catch match ErrorEquals against the error's name (the Java exception class)
  }
}

const handlers = {};
const retryIntervals = {};
for (const [name, state] of Object.entries(definition.States)) {
  if (state.Type !== 'Task') continue;
  const fn = state.Resource.replace(/^.*:function:/, '');
  handlers[name] = async (taskInput) => {
    const response = await fetch(`${bridge}/${fn}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(taskInput),
    });
    const body = await response.json();
    if (!response.ok) {
      console.error(`${name} (${fn}) failed: ${body.errorType}: ${body.errorMessage}`);
      throw new HandlerError(body.errorType, body.errorMessage);
    }
    return body;
  };
  retryIntervals[name] = 5; // milliseconds instead of seconds, so failure paths run quickly
}

const machine = new StateMachine(definition, { validationOptions: { checkArn: true, checkPaths: true } });
const execution = machine.run(input, { overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryIntervals } });
try {
  const output = await execution.result;
  console.log(JSON.stringify({ status: 'SUCCEEDED', output }));
} catch (error) {
  // A Fail state surfaces as an ExecutionError whose cause carries the Fail's Error and Cause.
  const failure = error.cause ?? error;
  console.log(JSON.stringify({ status: 'FAILED', error: failure.name, cause: failure.message }));
}
