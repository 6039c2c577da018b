package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.AflException;
import dev.afl.agent.llm.LlmHttpException;
import dev.afl.json.AflJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One agent's requests answered by batch jobs: what a collected job already answered is answered from the
 * {@link BatchJournal}; what a submitted job holds waits for that job (a run started again picks up its jobs by id);
 * the rest goes out as one new job. A job's failed lines come back as the failures the online calls would have ended
 * in; the requests an expired job left unanswered are submitted again, a bounded number of times. Progress (jobs,
 * requests done, ETA) goes to {@code progress}.
 */
public final class BatchJobs implements AutoCloseable {

    private static final ObjectMapper JSON = AflJson.records();

    private final String agent;
    private final BatchProvider api;
    private final BatchJournal journal;
    private final BatchSettings settings;
    private final PrintStream progress;
    private final Collection<String> secrets;
    private final AtomicInteger jobs = new AtomicInteger();
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger onlineRequests = new AtomicInteger();

    /**
     * @param folder  the run's batch folder (in its work dir), where the jobs are recorded
     * @param secrets the API key, kept out of whatever is kept of an error
     */
    public BatchJobs(String agent, BatchProvider api, Path folder, Collection<String> secrets,
            BatchSettings settings, PrintStream progress) {
        this.agent = agent;
        this.api = api;
        this.journal = new BatchJournal(folder, agent, secrets, api);
        this.settings = settings;
        this.progress = progress;
        this.secrets = List.copyOf(secrets);
    }

    public String agent() {
        return agent;
    }

    /** Jobs this run submitted. */
    public int submittedJobs() {
        return jobs.get();
    }

    /** Requests this run submitted (an expired job's, submitted again, counted again). */
    public int submittedRequests() {
        return submitted.get();
    }

    /** Requests this run asked online, too few for one of the provider's jobs. */
    public int onlineRequests() {
        return onlineRequests.get();
    }

    /** An answer for every request, by request key ({@link ChatSettings#key}). */
    public Map<String, BatchAnswer> answer(Map<String, ObjectNode> requests) {
        Map<String, BatchAnswer> answers = new HashMap<>();
        Map<String, ObjectNode> remaining = new LinkedHashMap<>();
        requests.forEach((key, body) -> journal.answer(key).ifPresentOrElse(
                result -> answers.put(key, new BatchAnswer.Replied(result)), () -> remaining.put(key, body)));
        Set<String> earlierJobs = new LinkedHashSet<>();
        remaining.keySet().forEach(key -> journal.openJobHolding(key).ifPresent(earlierJobs::add));
        for (String jobId : earlierJobs) {
            progress.printf("Batch %s: waiting for job %s, submitted earlier (not paid for twice)%n", agent, jobId);
            settle(jobId, remaining, answers);
        }
        for (int submission = 0; !remaining.isEmpty(); submission++) {
            if (submission > settings.resubmissions()) {
                fail(remaining, answers, new BatchAnswer.Unanswered("no batch job answered this request: the jobs"
                        + " expired " + submission + " times (24h window each)"));
                break;
            }
            if (remaining.size() < api.minimumRequests()) {
                answerOnline(remaining, answers);
                break;
            }
            String jobId;
            try {
                jobId = submit(remaining);
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e; // the run is being stopped: nothing to answer
                }
                fail(remaining, answers, e);
                break;
            }
            settle(jobId, remaining, answers);
        }
        return answers;
    }

    /**
     * Requests too few for one of the provider's jobs: asked online, each on its own, at the online price (the
     * answers are not kept in the journal; a rerun asks them again).
     */
    private void answerOnline(Map<String, ObjectNode> remaining, Map<String, BatchAnswer> answers) {
        Map<String, ObjectNode> byKey = new LinkedHashMap<>(remaining);
        progress.printf("Batch %s: %d requests, fewer than a job's minimum of %d: asked online%n", agent,
                byKey.size(), api.minimumRequests());
        Map<String, BatchAnswer> online = api.answerOnline(byKey);
        onlineRequests.addAndGet(byKey.size());
        byKey.keySet().forEach(key -> answers.put(key, online.getOrDefault(key, new BatchAnswer.Failed(
                new BatchAnswer.Unanswered("the online call gave no answer for this request")))));
        remaining.clear();
    }

    /**
     * Waits for a job and answers the remaining requests it holds; the ones it left unanswered stay remaining (to be
     * submitted again) when it expired, else they fail.
     */
    private void settle(String jobId, Map<String, ObjectNode> remaining, Map<String, BatchAnswer> answers) {
        Map<String, String> held = journal.requestsOf(jobId);
        BatchJob job;
        Map<String, BatchAnswer> lines;
        try {
            job = waitFor(jobId);
            lines = collect(job, held);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e; // the run is being stopped: the job stays in the journal for the next
            }
            Map<String, ObjectNode> ofThisJob = new LinkedHashMap<>();
            held.values().stream().distinct().filter(remaining::containsKey).forEach(key -> ofThisJob.put(key,
                    remaining.remove(key)));
            fail(ofThisJob, answers, e);
            return;
        }
        int answered = 0;
        int failed = 0;
        for (Map.Entry<String, BatchAnswer> line : lines.entrySet()) {
            if (remaining.remove(line.getKey()) != null) {
                answers.put(line.getKey(), line.getValue());
                if (line.getValue() instanceof BatchAnswer.Failed) {
                    failed++;
                } else {
                    answered++;
                }
            }
        }
        List<String> unanswered = held.values().stream().filter(remaining::containsKey).distinct().toList();
        progress.printf(Locale.ROOT, "Batch %s: job %s %s: %d answered, %d failed%s%n", agent, jobId, job.status(),
                answered, failed, unanswered.isEmpty() ? "" : ", " + unanswered.size() + " unanswered"
                        + (job.expired() ? " (submitted again)" : ""));
        if (!job.expired()) {
            Map<String, ObjectNode> left = new LinkedHashMap<>();
            unanswered.forEach(key -> left.put(key, remaining.remove(key)));
            fail(left, answers, new BatchAnswer.Unanswered("batch job " + jobId + " ended " + job.status()
                    + " without an answer for this request" + (job.problem() == null ? "" : ": " + job.problem())));
        }
    }

    private String submit(Map<String, ObjectNode> requests) {
        Map<String, String> customIdToKey = new LinkedHashMap<>();
        Map<String, ObjectNode> byCustomId = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, ObjectNode> request : requests.entrySet()) {
            String customId = "r" + i++;
            customIdToKey.put(customId, request.getKey());
            byCustomId.put(customId, request.getValue());
        }
        BatchJob job;
        try {
            job = api.submit(agent, byCustomId);
        } catch (LlmHttpException e) {
            int status = e.error().status();
            if (status >= 400 && status < 500 && status != 408 && status != 409 && status != 429
                    && !e.refusedCredentials()) {
                // No retry can change it, and falling back in every case would hide it: the run stops.
                throw new AflException("The " + agent + " agent's endpoint refused the batch job (" + e.getMessage()
                        + "): it may not offer batch jobs (the OpenAI Batch API's files and batches, or Bedrock"
                        + " batch inference) or this model in batches. Use --llm-mode online, or an endpoint that"
                        + " does.", e);
            }
            throw e;
        }
        journal.submitted(job.id(), customIdToKey);
        int number = jobs.incrementAndGet();
        submitted.addAndGet(requests.size());
        progress.printf("Batch %s: submitted job %s with %d requests (job %d of this run)%n", agent, job.id(),
                requests.size(), number);
        return job.id();
    }

    /** Reads the job every poll interval until it is over, reporting progress; every wait bounded. */
    private BatchJob waitFor(String jobId) {
        long started = System.nanoTime();
        long deadline = started + settings.longestWait().toNanos();
        int failures = 0;
        RuntimeException lastFailure = null;
        String lastReport = "";
        int firstDone = -1;
        while (true) {
            BatchJob job = null;
            try {
                job = api.job(jobId);
                failures = 0;
            } catch (LlmHttpException e) {
                if (e.refusedCredentials()) {
                    throw e;
                }
                if (e.error().status() == 404) {
                    // A recorded job this endpoint does not know (another endpoint, or deleted): as good as expired.
                    progress.printf("Batch %s: job %s is unknown to the endpoint (%s); its requests go out again%n",
                            agent, jobId, e.getMessage());
                    return new BatchJob(jobId, "expired", null, null, 0, 0, 0, 0, "unknown to the endpoint");
                }
                failures++;
                lastFailure = e;
            } catch (UncheckedIOException e) {
                failures++;
                lastFailure = e;
            }
            if (failures > settings.pollFailures()) {
                throw new BatchAnswer.Unanswered("batch job " + jobId + " could not be read " + failures + " times in a"
                        + " row (last: " + lastFailure.getMessage() + "); its id is kept in the work dir, and a rerun"
                        + " picks it up");
            }
            if (job != null) {
                if (job.over()) {
                    return job;
                }
                int done = job.completed() + job.failed();
                if (firstDone < 0) {
                    firstDone = done;
                }
                String report = String.format(Locale.ROOT, "Batch %s: job %s %s, %d/%d requests done, %d failed%s",
                        agent, jobId, job.status(), done, job.total(), job.failed(),
                        eta(done - firstDone, job.total() - done, System.nanoTime() - started));
                if (!report.equals(lastReport)) {
                    progress.println(report);
                    lastReport = report;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BatchAnswer.Unanswered("batch job " + jobId + " not over after " + settings.longestWait()
                        + "; its id is kept in the work dir, and a rerun picks it up");
            }
            sleep(settings.pollEvery());
        }
    }

    private static String eta(int doneHere, int left, long elapsedNanos) {
        if (doneHere <= 0 || left <= 0) {
            return "";
        }
        long seconds = Math.round(left * (elapsedNanos / 1e9) / doneHere);
        return ", ETA " + (seconds >= 3600 ? seconds / 3600 + "h" + (seconds % 3600) / 60 + "m"
                : seconds >= 60 ? seconds / 60 + "m" : seconds + "s");
    }

    /** Downloads a finished job's result lines, keeps them in the journal and reads them. */
    private Map<String, BatchAnswer> collect(BatchJob job, Map<String, String> held) {
        String lines = api.results(job);
        journal.collected(job.id(), lines);
        Map<String, BatchAnswer> answers = new HashMap<>();
        for (String text : lines.split("\n")) {
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(text);
            } catch (IOException unreadable) {
                continue; // its request stays unanswered
            }
            BatchProvider.ResultLine read = line == null || !line.isObject() ? null : api.read(line, secrets);
            String key = read == null ? null : held.get(read.customId());
            if (key != null && !read.expired()) {
                answers.put(key, read.answer());
            }
        }
        return answers;
    }

    private static void fail(Map<String, ObjectNode> requests, Map<String, BatchAnswer> answers,
            RuntimeException failure) {
        requests.keySet().forEach(key -> answers.put(key, new BatchAnswer.Failed(failure)));
        requests.clear();
    }

    /** Releases the provider's clients. */
    @Override
    public void close() {
        api.close();
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch job", e);
        }
    }
}
