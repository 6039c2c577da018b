/**
 * A refinement session as its callers are answered: the view of a stored session ({@link dev.afl.session.SessionView},
 * its rounds and items) and the problems a refinement request can end in ({@link dev.afl.session.RefinementProblems}).
 * Both the HTTP API and the state machine's functions answer with these, so {@code POST /v1/refinements} says the
 * same locally and in AWS. It sits beside {@code memory} rather than in it: the memory stores sessions, this package
 * words them for a caller, and neither adapter (the API, a function) may depend on the other.
 */
package dev.afl.session;
