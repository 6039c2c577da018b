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

// A Lambda task posts to /<function name>; a service integration (arn:aws:states:::events:putEvents, ...) posts
// to /<service:action>, where the test captures or emulates it.
const handlers = {};
const retryIntervals = {};
function override(states) {
  for (const [name, state] of Object.entries(states)) {
    for (const nested of [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])]) {
      if (nested) override(nested.States);
    }
    if (state.Type !== 'Task') continue;
    const lambda = state.Resource.includes(':function:');
    const route = lambda ? state.Resource.replace(/^.*:function:/, '') : state.Resource.replace(/^arn:aws:states:::/, '');
    handlers[name] = async (taskInput) => {
      const response = await fetch(`${bridge}/${route}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(taskInput),
      });
      const body = await response.json();
      if (!response.ok) {
        console.error(`${name} (${route}) failed: ${body.errorType}: ${body.errorMessage}`);
        // As in AWS, a Lambda error's Cause is the JSON of its errorType and errorMessage.
        throw new HandlerError(body.errorType, lambda
          ? JSON.stringify({ errorType: body.errorType, errorMessage: body.errorMessage }) : body.errorMessage);
      }
      return body;
    };
    retryIntervals[name] = 5; // milliseconds instead of seconds, so failure paths run quickly
  }
}
override(definition.States);

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
