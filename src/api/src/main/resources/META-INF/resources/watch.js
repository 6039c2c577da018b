// The watch page: builds a refinement request from the dataset's catalog, starts it (POST /v1/sessions) and shows
// its rounds as the server streams them (GET /v1/sessions/{id}/events), or opens a stored session the same way.
// Plain DOM, no framework: every text from the server goes in through textContent, never as HTML.

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

const state = {
  history: [],      // [{id, title}], oldest first
  candidates: [],   // [{id, title}]
  stream: null,     // the open EventSource, if any
  rounds: new Map(), // round number -> RoundView, of the session shown
  candidateCount: null, // the candidates of the session shown, when this page sent them
  view: null,       // the session shown, as last answered (counts brought up to date by its rounds)
  final: false,     // whether the stream's last event (the final status) has come
  maxRounds: 4,
};

/** An answer of the API that is an error: the problem (RFC 9457) it carried, or one worded here. */
class ProblemError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
}

/** Calls the API; answers the JSON, or throws a ProblemError with the server's problem. */
async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {headers: {Accept: 'application/json'}, ...options});
  } catch (e) {
    throw new ProblemError({title: 'The server cannot be reached',
      detail: `${path}: ${e.message}. Is ./afl serve still running?`});
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    if (body && (body.title || body.detail)) {
      throw new ProblemError(body);
    }
    throw new ProblemError({title: `${response.status} ${response.statusText}`.trim(),
      detail: `${options.method || 'GET'} ${path} was answered ${response.status} without a problem description.`});
  }
  return body;
}

function showProblem(problem) {
  $('problem-title').textContent = problem.title || 'Error';
  $('problem-detail').textContent = problem.detail || '';
  const list = $('problem-errors');
  list.replaceChildren(...(problem.errors || []).map((error) => {
    const item = document.createElement('li');
    const field = document.createElement('code');
    field.textContent = error.field;
    item.append(field, `: ${error.message}`);
    return item;
  }));
  $('problem').hidden = false;
  $('problem').scrollIntoView({block: 'nearest'});
}

function clearProblem() {
  $('problem').hidden = true;
}

/** Runs an action of the page, showing what the server refused as its problem. */
function guarded(action) {
  return async (event) => {
    event?.preventDefault();
    clearProblem();
    try {
      await action(event);
    } catch (e) {
      showProblem(e instanceof ProblemError ? e.problem : {title: 'The page failed', detail: String(e)});
    }
  };
}

// ---- The request ------------------------------------------------------------------------------------------------

function dataset() {
  return $('dataset').value;
}

async function loadDatasets() {
  const datasets = await api('/v1/datasets');
  $('dataset').replaceChildren(...datasets.map((d) => {
    const option = document.createElement('option');
    option.value = d.id;
    // Without a catalog the server cannot search or draw items: say so before the searches are refused.
    option.textContent = `${d.id} (${d.domain}, ${d.items} items${d.catalog ? '' : '; no titles on this server'})`;
    return option;
  }));
}

function itemLabel(item) {
  return item.title && item.title !== item.id ? `${item.title} (${item.id})` : item.id;
}

function has(list, item) {
  return list.some((other) => other.id === item.id);
}

function button(text, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function renderChosen(listId, items, countId, countText) {
  $(listId).replaceChildren(...items.map((item) => {
    const li = document.createElement('li');
    li.dataset.id = item.id;
    const name = document.createElement('span');
    name.textContent = itemLabel(item);
    li.append(name, button('Remove', `Remove ${itemLabel(item)}`, () => {
      items.splice(items.findIndex((other) => other.id === item.id), 1);
      renderRequest();
    }));
    return li;
  }));
  $(countId).textContent = countText(items.length);
}

function renderRequest() {
  renderChosen('history', state.history, 'history-count', (n) => `(${n} item${n === 1 ? '' : 's'}, oldest first)`);
  renderChosen('candidates', state.candidates, 'candidates-count', (n) => `(${n} item${n === 1 ? '' : 's'})`);
}

async function search() {
  const text = $('search').value.trim();
  const results = $('search-results');
  if (!text) {
    results.replaceChildren();
    return;
  }
  const searching = document.createElement('li');
  searching.className = 'none';
  searching.textContent = `Searching ${dataset()} for "${text}" ...`;
  results.replaceChildren(searching);
  const answer = await api(`/v1/datasets/${encodeURIComponent(dataset())}/items?search=${encodeURIComponent(text)}`
      + '&limit=20');
  if (answer.items.length === 0) {
    const none = document.createElement('li');
    none.className = 'none';
    none.textContent = `No item of ${answer.dataset} matches "${text}".`;
    results.replaceChildren(none);
    return;
  }
  results.replaceChildren(...answer.items.map((item) => {
    const li = document.createElement('li');
    li.dataset.id = item.id;
    const name = document.createElement('span');
    name.textContent = itemLabel(item);
    li.append(name,
        button('Add to history', `Add ${itemLabel(item)} to the history`, () => {
          if (!has(state.history, item)) {
            state.history.push(item);
            renderRequest();
          }
        }),
        button('Add to candidates', `Add ${itemLabel(item)} to the candidates`, () => {
          if (!has(state.candidates, item)) {
            state.candidates.push(item);
            renderRequest();
          }
        }));
    return li;
  }));
}

async function draw() {
  const exclude = state.history.map((item) => item.id).join(',');
  const answer = await api(`/v1/datasets/${encodeURIComponent(dataset())}/items?sample=`
      + `${encodeURIComponent($('draw-count').value)}&seed=${encodeURIComponent($('draw-seed').value)}`
      + (exclude ? `&exclude=${encodeURIComponent(exclude)}` : ''));
  state.candidates = answer.items;
  renderRequest();
}

async function start() {
  const body = {
    dataset: dataset(),
    history: state.history,
    candidates: state.candidates,
    maxRounds: Number($('max-rounds').value),
  };
  const sessionId = $('session-id').value.trim();
  if (sessionId) {
    body.sessionId = sessionId;
  }
  const view = await api('/v1/sessions', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify(body),
  });
  watch(view, state.candidates.length);
}

async function open() {
  const id = $('open-id').value.trim();
  if (!id) {
    throw new ProblemError({title: 'No session id', detail: 'Type the id of a stored session to open it.'});
  }
  // The session's view first: an id the server refuses is answered as a problem the page can show, which an
  // EventSource cannot read.
  const view = await api(`/v1/sessions/${encodeURIComponent(id)}`);
  watch(view, null);
}

// ---- The session ------------------------------------------------------------------------------------------------

function closeStream() {
  if (state.stream) {
    state.stream.close();
    state.stream = null;
  }
}

/** Shows where the session stands; final once the stream's last event (the session's final status) has come. */
function showStatus(view, final) {
  const parts = [`Session ${view.sessionId} (${view.dataset}): ${view.status}`];
  parts.push(`${view.roundsPlayed} of at most ${view.maxRounds} rounds`);
  if (view.agents) {
    parts.push(`${view.agents} agents`);
  }
  if (view.recommendationModel) {
    parts.push(`recommendation model ${view.recommendationModel}, reward model ${view.rewardModel}`);
  }
  if (view.finalItem) {
    parts.push(`answer: ${itemLabel(view.finalItem)}`);
  }
  if (view.failure) {
    parts.push(`failure: ${view.failure}`);
  }
  const status = $('session-status');
  status.textContent = parts.join(' · ');
  status.dataset.status = view.status;
  status.dataset.sessionId = view.sessionId;
  status.dataset.final = String(final);
  if (final) {
    status.classList.remove('reconnecting');
  }
  state.view = view;
  state.final = final;
}

/** Shows a session from its view and follows its rounds on the event stream until its final status. */
function watch(view, candidateCount) {
  closeStream();
  state.rounds = new Map();
  state.candidateCount = candidateCount;
  state.maxRounds = view.maxRounds;
  $('rounds').replaceChildren();
  $('session-status').classList.remove('reconnecting');
  showStatus(view, false);
  drawChart();
  // The address names the session shown, so a reload or a shared link opens it again.
  window.history.replaceState(null, '', `#session=${encodeURIComponent(view.sessionId)}`);
  const stream = new EventSource(`/v1/sessions/${encodeURIComponent(view.sessionId)}/events`);
  state.stream = stream;
  stream.addEventListener('round', (event) => addRound(JSON.parse(event.data)));
  stream.addEventListener('session', (event) => {
    // The final status: the stream ends here (an EventSource would otherwise reconnect).
    closeStream();
    showStatus(JSON.parse(event.data), true);
  });
  stream.addEventListener('open', () => {
    $('session-status').classList.remove('reconnecting');
  });
  stream.addEventListener('error', () => {
    if (stream.readyState === EventSource.CONNECTING && state.stream === stream) {
      // The browser reconnects by itself, resuming after the last round it had (Last-Event-ID).
      $('session-status').classList.add('reconnecting');
    }
    if (stream.readyState === EventSource.CLOSED && state.stream === stream) {
      // Refused outright, not a reconnect (an EventSource cannot read why): show the session as it stands now, or
      // the server's problem with it.
      closeStream();
      api(`/v1/sessions/${encodeURIComponent(view.sessionId)}`).then((now) => {
        showStatus(now, false);
        showProblem({title: 'The session\'s events cannot be followed',
          detail: `GET /v1/sessions/${view.sessionId}/events was refused; open the session again to retry.`});
      }, (e) => showProblem(e.problem));
    }
  });
}

function labelled(term, value, className) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.className = className;
  dd.textContent = value;
  return [dt, dd];
}

function addRound(round) {
  if (state.rounds.has(round.round)) {
    return; // a resumed stream may repeat what was shown
  }
  state.rounds.set(round.round, round);
  const li = document.createElement('li');
  li.className = `round ${round.accepted ? 'accepted' : 'rejected'}`;
  li.dataset.round = round.round;
  const heading = document.createElement('h3');
  heading.textContent = `Round ${round.round}: ${round.accepted ? 'accepted' : 'rejected'}`;
  const details = document.createElement('dl');
  const of = state.candidateCount ? ` of ${state.candidateCount}` : '';
  details.append(
      ...labelled('Proposal', itemLabel(round.item), 'proposal'),
      ...labelled('Recommender\'s reason', round.recommendationReason, 'recommendation-reason'),
      ...labelled('Reward rank', `${round.rewardRank}${of} (score ${round.rewardScore.toFixed(3)})`, 'reward-rank'),
      ...labelled('Decision', round.accepted ? 'Accepted' : 'Rejected', 'decision'),
      ...labelled('User\'s reason', round.userReason, 'user-reason'));
  li.append(heading, details);
  // Rounds arrive in order; keep them so even if a resumed stream were to interleave.
  const later = [...$('rounds').children].find((other) => Number(other.dataset.round) > round.round);
  $('rounds').insertBefore(li, later || null);
  drawChart();
  if (state.view && !state.final) {
    // The status as of this round, until the stream's final one comes.
    showStatus({...state.view, roundsPlayed: Math.max(state.view.roundsPlayed, round.round),
      agents: state.view.agents || round.recommender?.kind}, false);
  }
}

/** The reward rank per round as an inline SVG line chart: rounds along x, rank 1 (best) at the top. */
function drawChart() {
  const svg = $('chart');
  const width = 560;
  const height = 220;
  const left = 48;
  const right = 20;
  const top = 16;
  const bottom = 38;
  const inset = 16; // the first and last rounds' points clear of the axes
  const rounds = [...state.rounds.values()].sort((a, b) => a.round - b.round);
  const maxRound = Math.max(state.maxRounds || 1, ...rounds.map((r) => r.round));
  const maxRank = Math.max(state.candidateCount || 0, ...rounds.map((r) => r.rewardRank), 2);
  const x = (round) => left + inset
      + (maxRound === 1 ? 0.5 : (round - 1) / (maxRound - 1)) * (width - left - right - 2 * inset);
  const y = (rank) => top + (rank - 1) / (maxRank - 1) * (height - top - bottom);
  const element = (name, attributes, text) => {
    const e = document.createElementNS(SVG, name);
    Object.entries(attributes).forEach(([key, value]) => e.setAttribute(key, value));
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  };
  const parts = [];
  parts.push(element('line', {x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, class: 'axis'}));
  parts.push(element('line', {x1: left, y1: top, x2: left, y2: height - bottom, class: 'axis'}));
  for (let round = 1; round <= maxRound; round++) {
    parts.push(element('text', {x: x(round), y: height - bottom + 16, class: 'tick', 'text-anchor': 'middle'},
        String(round)));
  }
  for (const rank of [...new Set([1, Math.ceil(maxRank / 2), maxRank])]) {
    parts.push(element('text', {x: left - 6, y: y(rank) + 4, class: 'tick', 'text-anchor': 'end'}, String(rank)));
  }
  parts.push(element('text', {x: (left + width - right) / 2, y: height - 4, class: 'label', 'text-anchor': 'middle'},
      'round'));
  parts.push(element('text', {x: 12, y: (top + height - bottom) / 2, class: 'label', 'text-anchor': 'middle',
    transform: `rotate(-90 12 ${(top + height - bottom) / 2})`}, 'reward rank'));
  if (rounds.length > 1) {
    parts.push(element('polyline', {class: 'series',
      points: rounds.map((r) => `${x(r.round)},${y(r.rewardRank)}`).join(' ')}));
  }
  for (const r of rounds) {
    const point = element('circle', {cx: x(r.round), cy: y(r.rewardRank), r: 5,
      class: `point ${r.accepted ? 'accepted' : 'rejected'}`, 'data-round': r.round, 'data-rank': r.rewardRank});
    point.append(element('title', {},
        `Round ${r.round}: ${itemLabel(r.item)}, reward rank ${r.rewardRank}, ${r.accepted ? 'accepted' : 'rejected'}`));
    parts.push(point);
  }
  svg.replaceChildren(...parts);
}

// ---- Wiring -----------------------------------------------------------------------------------------------------

$('search-form').addEventListener('submit', guarded(search));
$('draw-form').addEventListener('submit', guarded(draw));
$('clear-candidates').addEventListener('click', () => {
  state.candidates = [];
  renderRequest();
});
$('start-form').addEventListener('submit', guarded(start));
$('open-form').addEventListener('submit', guarded(open));
$('dataset').addEventListener('change', () => {
  // Ids belong to one dataset: a new one starts a new request.
  state.history = [];
  state.candidates = [];
  $('search-results').replaceChildren();
  renderRequest();
});

/** The session the address names (#session=ID), if any. */
function linkedSession() {
  const match = /^#session=(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

renderRequest();
drawChart();
guarded(loadDatasets)().then(async () => {
  const linked = linkedSession();
  if (linked) {
    $('open-id').value = linked;
    await guarded(open)();
  }
  document.body.dataset.ready = 'true';
});
