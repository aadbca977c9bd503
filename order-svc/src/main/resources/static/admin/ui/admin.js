// The operator page: plain DOM scripting over the admin API (docs/api.md). Every call carries the bearer token typed in
// above; it is kept in sessionStorage (this tab only, gone when it closes). Values from the server are only ever
// set as textContent, never as HTML.
'use strict';

const TOKEN_KEY = 'order-platform-admin-token';
const $ = (id) => document.getElementById(id);
let lastDryRun = null; // the filter of the last dry run: "Run for real" runs exactly what was reviewed
let polling = null;

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

function showMessage(text, ok) {
  const message = $('message');
  message.textContent = text;
  message.className = ok ? 'ok' : '';
  message.hidden = !text;
}

async function call(method, path, body, headers) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({ 'Authorization': 'Bearer ' + token(), 'Accept': 'application/json' },
      body ? { 'Content-Type': 'application/json' } : {}, headers || {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    // problem+json: title and detail say what was wrong
    const detail = json && (json.detail || json.title) ? (json.title + ': ' + (json.detail || '')) : response.statusText;
    throw new Error(response.status + ' ' + detail);
  }
  return json;
}

function cell(row, value, className) {
  const td = document.createElement('td');
  td.textContent = value === null || value === undefined ? '' : String(value);
  if (className) td.className = className;
  row.appendChild(td);
}

function fill(tableId, rows, render) {
  const body = $(tableId).querySelector('tbody');
  body.replaceChildren();
  for (const item of rows) {
    const tr = document.createElement('tr');
    render(tr, item);
    body.appendChild(tr);
  }
}

function filter() {
  const orderId = $('order-id').value.trim();
  return {
    olderThan: $('older-than').value.trim() || 'PT30S',
    limit: Number($('limit').value) || 100,
    orderId, paymentId: $('payment-id').value.trim(), xid: $('xid').value.trim(),
  };
}

async function searchStragglers() {
  const f = filter();
  const query = new URLSearchParams({ olderThan: f.olderThan, limit: f.limit });
  if (f.orderId) query.set('orderId', f.orderId);
  if (f.paymentId) query.set('paymentId', f.paymentId);
  if (f.xid) query.set('xid', f.xid);
  const found = await call('GET', '/admin/stragglers?' + query);
  fill('stragglers', found.stragglers, (tr, s) => {
    if (s.parked) tr.className = 'parked';
    tr.dataset.stragglerId = s.id;
    cell(tr, s.kind); cell(tr, s.orderId); cell(tr, s.what); cell(tr, s.since);
    cell(tr, s.attempts); cell(tr, s.lastError); cell(tr, s.parked ? 'yes' : '');
  });
  $('stragglers-empty').hidden = found.stragglers.length > 0;
  const unreachable = Object.entries(found.unreachable || {});
  $('unreachable').hidden = unreachable.length === 0;
  $('unreachable').textContent = unreachable.length
    ? 'Not asked (unreachable): ' + unreachable.map(([who, why]) => who + ' — ' + why).join('; ') : '';
}

async function startRun(dryRun) {
  const f = dryRun ? filter() : lastDryRun;
  const body = { dryRun, olderThan: f.olderThan, limit: f.limit, orderIds: f.orderId ? [f.orderId] : [] };
  // one key per click: a double click or a retried request starts one run only
  const started = await call('POST', '/admin/compensation-runs', body, { 'Idempotency-Key': crypto.randomUUID() });
  if (dryRun) {
    lastDryRun = f;
  } else {
    lastDryRun = null;
  }
  $('real-run').disabled = true;
  showMessage((dryRun ? 'Dry run ' : 'Run ') + started.runId + ' started.', true);
  watchRun(started.runId);
}

async function reconcile() {
  const orderId = filter().orderId;
  const report = await call('POST', '/admin/reconciliations', { orderIds: orderId ? [orderId] : [] });
  lastDryRun = null;
  showMessage('Reconciliation compared ' + report.ordersCompared + ' orders: ' + report.drifts + ' drift(s)'
    + (report.unreachable.length ? '; not compared: ' + report.unreachable.join('; ') : '') + '.', report.drifts === 0);
  watchRun(report.runId);
}

function watchRun(runId) {
  clearInterval(polling);
  const refresh = async () => {
    try {
      const run = await call('GET', '/admin/compensation-runs/' + encodeURIComponent(runId));
      renderRun(run);
      if (run.status !== 'RUNNING') {
        clearInterval(polling);
        $('real-run').disabled = !(run.dryRun && lastDryRun);
        await Promise.all([searchStragglers(), refreshAudit()]);
      }
    } catch (e) {
      clearInterval(polling);
      showMessage(e.message);
    }
  };
  polling = setInterval(refresh, 1000);
  refresh();
}

function renderRun(run) {
  $('run').hidden = false;
  $('run-id').textContent = run.runId;
  $('run-kind').textContent = run.source === 'RECONCILIATION' ? 'reconciliation (proposals only)'
    : run.dryRun ? 'dry run' : 'real run';
  $('run-status').textContent = run.status;
  for (const field of ['total', 'done', 'failed', 'parked']) $('run-' + field).textContent = run[field];
  fill('run-items', run.items || [], (tr, item) => {
    cell(tr, item.itemNo); cell(tr, item.stragglerId); cell(tr, item.found); cell(tr, item.action);
    cell(tr, item.evidence); cell(tr, item.result, 'result-' + item.result); cell(tr, item.detail);
  });
}

async function refreshAudit() {
  const records = await call('GET', '/admin/audit?limit=50');
  fill('audit', records, (tr, r) => {
    cell(tr, r.at); cell(tr, r.actor); cell(tr, r.action); cell(tr, r.target);
    cell(tr, r.reason); cell(tr, r.result); cell(tr, r.detail);
  });
}

async function force(action) {
  const orderId = $('force-order-id').value.trim();
  const outcome = await call('POST', '/admin/orders/' + encodeURIComponent(orderId) + '/' + action,
    { reason: $('force-reason').value.trim() });
  showMessage(action + ' ' + orderId + ': ' + JSON.stringify(outcome), true);
  await Promise.all([searchStragglers(), refreshAudit()]);
}

// every handler reports failures in the message area instead of failing silently
const guarded = (fn) => async (event) => {
  if (event) event.preventDefault();
  try {
    showMessage('');
    await fn(event);
  } catch (e) {
    showMessage(e.message);
  }
};

$('token-form').addEventListener('submit', guarded(async () => {
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  $('token-state').textContent = token() ? 'token set' : 'no token';
  await Promise.all([searchStragglers(), refreshAudit()]);
}));
$('search-form').addEventListener('submit', guarded(searchStragglers));
$('dry-run').addEventListener('click', guarded(() => startRun(true)));
$('real-run').addEventListener('click', guarded(() => startRun(false)));
$('reconcile').addEventListener('click', guarded(reconcile));
$('refresh-audit').addEventListener('click', guarded(refreshAudit));
$('force-form').addEventListener('submit', guarded((event) => force(event.submitter.value)));

if (token()) {
  $('token-state').textContent = 'token set';
  guarded(() => Promise.all([searchStragglers(), refreshAudit()]))();
}
