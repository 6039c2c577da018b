/**
 * The reliability suite (issue 7): faults injected into real parts, each test counting what it tried and what it
 * injected into {@code target/reliability/*.json}, the figures of {@code docs/RELIABILITY.md}.
 *
 * <ul>
 *   <li>{@link dev.afl.reliability.AtLeastOnceDeliveryTest}: every step delivered twice, crashes after the store
 *       write, on the DynamoDB (dynalite) and file stores;</li>
 *   <li>{@link dev.afl.reliability.LlmFaultsTest}: timeouts, 429, 5xx, dropped connections, truncated and empty
 *       completions through the in-process loop;</li>
 *   <li>{@link dev.afl.reliability.DynamoDbFaultsTest}: throttling (a proxy in front of dynalite) and racing
 *       writers;</li>
 *   <li>{@link dev.afl.reliability.RefineRequestFuzzTest}: generated bad requests for the main job;</li>
 *   <li>{@link dev.afl.reliability.ApiFuzzTest}: generated bad requests for the REST API, over HTTP;</li>
 *   <li>in {@code dev.afl.function} (they use its package-private harness): {@code StateMachineFaultsTest} (the
 *       same faults through the Step Functions definition) and {@code HandlerFuzzTest} (generated bad events).</li>
 * </ul>
 *
 * <p>The fuzz tests share their generators ({@link dev.afl.reliability.BadInputs}); each bad input must be refused
 * as a user error (for the API: a 4xx problem+json answer, never a 5xx) and store nothing.
 */
package dev.afl.reliability;
