// The Webhooks page: plain JavaScript over the admin API (GET/PUT/DELETE webhooks/{eventType} and friends).
// Every value that comes from the API or the user goes into the page through textContent or input.value, never as
// markup. URLs are relative to the page, so the page also works behind an API Gateway stage path.
'use strict';

(function () {
  const TYPES = [
    { id: 'SUCCESS', title: 'Backup Success', desc: 'A backup finished with status SUCCESS.' },
    { id: 'PARTIAL_SUCCESS', title: 'Backup Partial Success', desc: 'A backup finished with status PARTIAL_SUCCESS.' },
    { id: 'FAILED', title: 'Backup Failure', desc: 'A backup finished with status FAILED.' },
    {
      id: 'MISSING', title: 'Missing Backups',
      desc: "A server did not start a backup within 1 hour of its policy's scheduled start.",
    },
  ];
  const TOKEN_KEY = 'backup-webhooks.token';
  const SIGN_IN_KEY = 'backup-webhooks.sign-in';
  const PAGE_SIZE = 10;

  const $ = (id) => document.getElementById(id);
  const rows = new Map();
  let memoryToken = null; // used only when sessionStorage is unavailable
  let signInConfig = null; // from sign-in.json: where a sign-in starts, if anywhere

  // ---- the token: from a sign-in redirect's fragment or the paste field; kept in sessionStorage only ----

  function getToken() {
    try {
      return window.sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return memoryToken;
    }
  }

  function setToken(token) {
    memoryToken = token;
    try {
      if (token) {
        window.sessionStorage.setItem(TOKEN_KEY, token);
      } else {
        window.sessionStorage.removeItem(TOKEN_KEY);
      }
    } catch (e) {
      // storage is blocked: the token lives in memory until the tab closes
    }
    updateAuth();
  }

  // A token in the fragment is taken only as the answer to a sign-in that this page started in this tab: its
  // state must equal the one stored then, and the id_token's nonce the nonce stored then. Anything else (a link
  // that carries someone else's token, say) is ignored and cleared.
  function takeTokenFromFragment() {
    const hash = window.location.hash;
    if (!hash || hash.length < 2) {
      return;
    }
    const params = new URLSearchParams(hash.slice(1));
    if (!params.has('id_token') && !params.has('access_token') && !params.has('error')) {
      return;
    }
    // The token must not stay in the address bar, the history or a bookmark.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    const pending = takePendingSignIn();
    if (!pending || !params.get('state') || params.get('state') !== pending.state) {
      showPageAlert('Sign-in ignored', 'the link carried a sign-in answer that this page did not ask for');
      return;
    }
    if (params.has('error')) {
      showPageAlert('Sign-in failed', params.get('error_description') || params.get('error'));
      return;
    }
    const idToken = params.get('id_token');
    if (!idToken || nonceOf(idToken) !== pending.nonce) {
      showPageAlert('Sign-in ignored', 'the identity token does not answer this sign-in');
      return;
    }
    setToken(params.get('access_token') || idToken);
  }

  function takePendingSignIn() {
    try {
      const pending = JSON.parse(window.sessionStorage.getItem(SIGN_IN_KEY) || 'null');
      window.sessionStorage.removeItem(SIGN_IN_KEY);
      return pending && typeof pending.state === 'string' && typeof pending.nonce === 'string' ? pending : null;
    } catch (e) {
      return null;
    }
  }

  // The nonce claim of a JWT's payload (the signature is API Gateway's to check).
  function nonceOf(jwt) {
    try {
      const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4))).nonce;
    } catch (e) {
      return undefined;
    }
  }

  function randomValue() {
    const bytes = new Uint8Array(32);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function loadSignIn() {
    try {
      const response = await fetch(new URL('sign-in.json', document.baseURI), { cache: 'no-store' });
      const config = response.ok ? await response.json() : {};
      if (config && typeof config.authorizeUrl === 'string' && /^https?:\/\//.test(config.authorizeUrl)
          && typeof config.clientId === 'string') {
        signInConfig = config;
      }
    } catch (e) {
      signInConfig = null;
    }
    updateAuth();
  }

  // Starts the identity provider's sign-in (OIDC implicit flow); its answer comes back in the fragment.
  function signIn() {
    const pending = { state: randomValue(), nonce: randomValue() };
    try {
      window.sessionStorage.setItem(SIGN_IN_KEY, JSON.stringify(pending));
    } catch (e) {
      showPageAlert('Sign-in unavailable', 'this browser blocks session storage; paste a token instead');
      return;
    }
    const url = new URL(signInConfig.authorizeUrl);
    url.searchParams.set('response_type', 'id_token token');
    url.searchParams.set('client_id', signInConfig.clientId);
    url.searchParams.set('redirect_uri', window.location.origin + window.location.pathname);
    url.searchParams.set('scope', 'openid' + (signInConfig.scope ? ' ' + signInConfig.scope : ''));
    url.searchParams.set('state', pending.state);
    url.searchParams.set('nonce', pending.nonce);
    window.location.assign(url.toString());
  }

  function updateAuth() {
    const token = getToken();
    $('auth-state').textContent = token ? 'Signed in with a token' : 'Not signed in';
    $('sign-out').hidden = !token;
    $('sign-in').hidden = !!token || !signInConfig;
  }

  // ---- calls to the API ----

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    const token = getToken();
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    const init = { method: method, headers: headers, cache: 'no-store', credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(new URL(path, document.baseURI), init);
    } catch (e) {
      throw new ApiError(0, 'The API cannot be reached (' + e.message + '). Check the connection and try again.');
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    if (response.status === 401) {
      showPageAlert('Sign in required', detailOf(response.status, data));
    }
    if (!response.ok) {
      throw new ApiError(response.status, detailOf(response.status, data));
    }
    return { status: response.status, data: data };
  }

  function detailOf(status, problem) {
    if (problem && typeof problem.detail === 'string' && problem.detail) {
      return problem.detail;
    }
    if (problem && typeof problem.title === 'string' && problem.title) {
      return problem.title + ' (' + status + ')';
    }
    return 'The API answered ' + status + '.';
  }

  function showPageAlert(headline, detail) {
    const alert = $('page-alert');
    const strong = document.createElement('strong');
    strong.textContent = headline;
    alert.replaceChildren(strong);
    if (detail) {
      alert.append(document.createTextNode(': ' + detail));
    }
    if (headline === 'Sign in required') {
      alert.append(document.createTextNode(getToken()
        ? '. The token was refused: paste a new one or sign out and sign in again.'
        : '. Sign in, or paste a token above.'));
    }
  }

  function clearPageAlert() {
    $('page-alert').replaceChildren();
  }

  // ---- one row (card) per event type ----

  function buildRow(type) {
    const node = $('row-template').content.firstElementChild.cloneNode(true);
    const parts = {};
    node.id = 'row-' + type.id;
    node.dataset.type = type.id;
    node.querySelectorAll('[data-part]').forEach((el) => {
      parts[el.dataset.part] = el;
      el.id = type.id + '-' + el.dataset.part;
    });
    node.querySelectorAll('label[data-for]').forEach((label) => {
      label.htmlFor = type.id + '-' + label.dataset.for;
    });
    node.setAttribute('aria-labelledby', parts.title.id);
    parts.title.textContent = type.title;
    parts.type.textContent = type.id;
    parts.desc.textContent = type.desc;
    parts.url.setAttribute('aria-describedby', parts.desc.id + ' ' + parts.alert.id);
    parts.toggle.setAttribute('aria-controls', parts.deliveries.id);

    const row = { type: type, node: node, parts: parts, sub: null, next: null };
    parts.form.addEventListener('submit', (event) => {
      event.preventDefault();
      save(row);
    });
    parts.url.addEventListener('input', () => parts.url.removeAttribute('aria-invalid'));
    parts.remove.addEventListener('click', () => remove(row));
    parts.test.addEventListener('click', () => sendTest(row));
    parts.secret.addEventListener('click', () => newSecret(row));
    parts['replace-secret'].addEventListener('click', () => newSecret(row, true));
    parts.copy.addEventListener('click', () => copySecret(row));
    parts['secret-done'].addEventListener('click', () => hideSecret(row, true));
    parts.toggle.addEventListener('click', () => toggleDeliveries(row));
    parts.more.addEventListener('click', () => loadDeliveries(row, row.next));
    parts['recover-form'].addEventListener('submit', (event) => {
      event.preventDefault();
      recover(row);
    });
    parts['recover-since'].addEventListener('input', () => {
      row.recoverNext = null;
      parts.recover.textContent = 'Resend failed since…';
    });
    parts['recover-since'].value = localInput(new Date(Date.now() - 24 * 3600 * 1000));
    render(row, null);
    return row;
  }

  // Fills the row's fields from a subscription (null: none saved).
  function render(row, sub) {
    row.sub = sub;
    row.parts.url.value = sub ? sub.url : '';
    row.parts.enabled.checked = sub ? sub.enabled === true : true;
    refresh(row);
  }

  // Badges and buttons follow what is saved, not what is typed.
  function refresh(row) {
    const p = row.parts;
    const sub = row.sub;
    p.state.textContent = !sub ? 'Not set' : (sub.enabled ? 'Active' : 'Disabled');
    p.state.className = 'badge ' + (!sub ? 'none' : (sub.enabled ? 'on' : 'off'));
    p.signed.hidden = !(sub && sub.signed);
    p.save.disabled = false;
    p.remove.disabled = !sub;
    p.test.disabled = !sub;
    p.secret.disabled = !sub;
    p.secret.textContent = sub && sub.signed ? 'New signing secret' : 'Signing secret';
  }

  function showError(row, error, field) {
    const p = row.parts;
    p.alert.textContent = error.message;
    p.status.textContent = '';
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  function clearMessages(row) {
    row.parts.alert.textContent = '';
    row.parts.status.textContent = '';
    row.parts.warning.textContent = '';
    row.parts.warning.hidden = true;
    row.parts['replace-secret'].hidden = true;
  }

  // Runs one call for a row with its button disabled, so that a double click sends one request.
  async function busy(row, button, work) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await work();
    } finally {
      button.removeAttribute('aria-busy');
      refresh(row);
    }
  }

  async function save(row) {
    const p = row.parts;
    clearMessages(row);
    await busy(row, p.save, async () => {
      try {
        const reply = await api('PUT', path(row), { url: p.url.value.trim(), enabled: p.enabled.checked });
        render(row, reply.data);
        p.url.removeAttribute('aria-invalid');
        p.status.textContent = reply.status === 201 ? 'Saved: this webhook is new.' : 'Saved.';
        // the URL moved to another host while a secret signs: offer a new secret that ends the old one now
        const warnings = Array.isArray(reply.data && reply.data.warnings) ? reply.data.warnings : [];
        p.warning.textContent = warnings.join(' ');
        p.warning.hidden = warnings.length === 0;
        p['replace-secret'].hidden = warnings.length === 0;
      } catch (error) {
        // the typed URL stays in the field, next to the API's reason, so that it can be corrected
        showError(row, error, error.status === 400 ? p.url : null);
      }
    });
  }

  async function remove(row) {
    const p = row.parts;
    clearMessages(row);
    await busy(row, p.remove, async () => {
      try {
        await api('DELETE', path(row));
        render(row, null);
        p.status.textContent = 'Removed.';
      } catch (error) {
        if (error.status === 404) {
          render(row, null);
        }
        showError(row, error);
      }
      hideSecret(row, false);
      p['test-result'].textContent = '';
    });
    p.url.focus();
  }

  async function sendTest(row) {
    const p = row.parts;
    const out = p['test-result'];
    clearMessages(row);
    out.textContent = 'Sending a test…';
    out.className = 'test-result';
    await busy(row, p.test, async () => {
      try {
        const r = (await api('POST', path(row) + '/test')).data;
        const bits = [r.delivered ? 'Delivered' : 'Not delivered',
          r.statusCode === null || r.statusCode === undefined ? 'no status code' : 'status ' + r.statusCode,
          r.durationMs + ' ms'];
        if (r.error) {
          bits.push(r.error);
        }
        out.textContent = bits.join(' · ');
        out.dataset.delivered = String(r.delivered === true);
        out.className = 'test-result ' + (r.delivered ? 'ok' : 'bad');
        if (!p.deliveries.hidden) {
          await loadDeliveries(row, null);
        }
      } catch (error) {
        out.textContent = '';
        showError(row, error);
      }
    });
  }

  async function newSecret(row, endPrevious) {
    const p = row.parts;
    clearMessages(row);
    hideSecret(row, false);
    await busy(row, p.secret, async () => {
      try {
        const query = endPrevious ? '?previous=revoke' : '';
        const secret = (await api('POST', path(row) + '/secret' + query)).data.secret;
        p['secret-value'].textContent = secret;
        p.copied.textContent = '';
        p['secret-box'].hidden = false;
        if (row.sub) {
          row.sub.signed = true;
        }
      } catch (error) {
        showError(row, error);
      }
    });
    if (!p['secret-box'].hidden) {
      p.copy.focus();
    }
  }

  function hideSecret(row, focusBack) {
    const p = row.parts;
    p['secret-value'].textContent = '';
    p.copied.textContent = '';
    p['secret-box'].hidden = true;
    if (focusBack) {
      p.secret.focus();
    }
  }

  async function copySecret(row) {
    const p = row.parts;
    const secret = p['secret-value'].textContent;
    try {
      await navigator.clipboard.writeText(secret);
      p.copied.textContent = 'Copied.';
      return;
    } catch (e) {
      // no clipboard API (or no permission): select the text so that it can be copied by hand
    }
    const range = document.createRange();
    range.selectNodeContents(p['secret-value']);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch (e) {
      copied = false;
    }
    p.copied.textContent = copied ? 'Copied.' : 'The secret is selected: copy it with Ctrl+C (or ⌘C).';
  }

  async function toggleDeliveries(row) {
    const p = row.parts;
    const open = p.deliveries.hidden;
    p.deliveries.hidden = !open;
    p.toggle.setAttribute('aria-expanded', String(open));
    if (open) {
      await loadDeliveries(row, null);
    }
  }

  async function loadDeliveries(row, cursor) {
    const p = row.parts;
    const button = cursor ? p.more : p.toggle;
    button.setAttribute('aria-busy', 'true');
    let query = '?limit=' + PAGE_SIZE;
    if (cursor) {
      query += '&cursor=' + encodeURIComponent(cursor);
    }
    try {
      const page = (await api('GET', path(row) + '/deliveries' + query)).data;
      if (!cursor) {
        p['delivery-rows'].replaceChildren();
      }
      (page.deliveries || []).forEach((d) => p['delivery-rows'].append(deliveryRow(row, d)));
      row.next = page.next || null;
      p.more.hidden = !row.next;
      p.empty.hidden = p['delivery-rows'].children.length > 0;
    } catch (error) {
      showError(row, error);
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  function deliveryRow(row, d) {
    const tr = document.createElement('tr');
    tr.dataset.id = d.id || '';
    const when = document.createElement('time');
    when.dateTime = d.attemptedAt || '';
    when.textContent = formatTime(d.attemptedAt);
    const outcome = document.createElement('span');
    outcome.className = 'outcome ' + String(d.outcome || '').toLowerCase();
    outcome.textContent = d.outcome || '';
    cell(tr, 'Time', when);
    cell(tr, 'Outcome', outcome);
    cell(tr, 'Status', d.statusCode === null || d.statusCode === undefined ? '—' : String(d.statusCode));
    cell(tr, 'Duration', d.durationMs === null || d.durationMs === undefined ? '—' : d.durationMs + ' ms');
    cell(tr, 'Error', d.resendOf ? 'Resend' + (d.error ? ': ' + d.error : '') : (d.error || ''));
    const actions = document.createElement('span');
    const latest = d.latestResend && d.latestResend.outcome;
    if (d.outcome !== 'DELIVERED' && d.resendable && latest !== 'DELIVERED') {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary small';
      button.textContent = 'Resend';
      button.setAttribute('aria-label', 'Resend the delivery of ' + formatTime(d.attemptedAt));
      button.addEventListener('click', () => resendOne(row, d, button));
      actions.append(button);
    } else if (latest === 'DELIVERED') {
      actions.textContent = 'Resent: delivered';
    }
    cell(tr, 'Actions', actions);
    return tr;
  }

  // One resend, now: the answer is the attempt, which the reloaded list shows on top.
  async function resendOne(row, d, button) {
    const p = row.parts;
    clearMessages(row);
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const r = (await api('POST', path(row) + '/deliveries/' + encodeURIComponent(d.id) + '/resend')).data;
      p.status.textContent = 'Resent: ' + (r.delivered ? 'delivered' : 'not delivered')
        + (r.statusCode === null || r.statusCode === undefined ? '' : ' (status ' + r.statusCode + ')')
        + (r.error ? ' · ' + r.error : '') + '.';
      await loadDeliveries(row, null);
    } catch (error) {
      button.disabled = false;
      showError(row, error);
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  // A period: the service queues one resend per failed event and sends them in the background.
  async function recover(row) {
    const p = row.parts;
    const out = p['recover-status'];
    clearMessages(row);
    out.textContent = '';
    const since = new Date(p['recover-since'].value);
    if (!p['recover-since'].value || Number.isNaN(since.getTime())) {
      showError(row, { message: 'Choose the date and time to resend from.' }, p['recover-since']);
      return;
    }
    const body = { since: since.toISOString() };
    if (row.recoverNext) {
      body.until = row.recoverUntil;
      body.cursor = row.recoverNext;
    }
    p.recover.disabled = true;
    p.recover.setAttribute('aria-busy', 'true');
    try {
      const r = (await api('POST', path(row) + '/deliveries/resend', body)).data;
      row.recoverUntil = r.until; // the server's end of the window, to go on with it
      row.recoverNext = r.next || null;
      out.textContent = (r.queued === 0 ? 'Nothing to resend: no failed deliveries since then.'
        : r.queued + (r.queued === 1 ? ' resend' : ' resends') + ' queued: they appear in the list below as they are sent.')
        + (r.next ? ' There may be more: press the button again to go on.' : '');
      p.recover.textContent = r.next ? 'Resend the next ones…' : 'Resend failed since…';
      window.setTimeout(() => loadDeliveries(row, null), 3000);
    } catch (error) {
      showError(row, error, error.status === 400 ? p['recover-since'] : null);
    } finally {
      p.recover.disabled = false;
      p.recover.removeAttribute('aria-busy');
    }
  }

  // A date as a datetime-local input's value, in the browser's time zone.
  function localInput(date) {
    const pad = (n) => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T'
      + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  }

  function cell(tr, label, content) {
    const td = document.createElement('td');
    td.dataset.label = label;
    if (typeof content === 'string') {
      td.textContent = content;
    } else {
      td.append(content);
    }
    tr.append(td);
  }

  function formatTime(iso) {
    const date = new Date(iso);
    if (!iso || Number.isNaN(date.getTime())) {
      return String(iso || '');
    }
    return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  }

  function path(row) {
    return 'webhooks/' + encodeURIComponent(row.type.id);
  }

  // ---- the daily report ----

  function renderReport(settings) {
    $('report-recipients').value = (settings.recipients || []).map((r) => r.address).join('\n');
    $('report-hour').value = String(settings.hour);
    $('report-timezone').value = settings.timezone;
    $('report-enabled').checked = settings.enabled;
    const confirmed = (settings.recipients || []).filter((r) => r.confirmed).length;
    $('report-state').textContent = settings.enabled && confirmed > 0 ? 'On' : 'Off';
    const list = $('report-list');
    list.replaceChildren();
    (settings.recipients || []).forEach((r) => {
      const li = document.createElement('li');
      li.textContent = r.address + (r.confirmed ? ' — confirmed' : ' — waiting for confirmation');
      list.append(li);
    });
  }

  async function loadReport() {
    try {
      renderReport((await api('GET', 'report')).data);
    } catch (error) {
      if (error.status !== 401) {
        $('report-alert').textContent = error.message;
      }
    } finally {
      // the section holds what the server has (or says why not): what is typed from now on is not overwritten
      $('report-list').dataset.loaded = 'true';
    }
  }

  async function saveReport(event) {
    event.preventDefault();
    $('report-alert').textContent = '';
    $('report-status').textContent = '';
    const hour = Number($('report-hour').value);
    const body = {
      recipients: $('report-recipients').value.split(/[\s,;]+/).filter((a) => a),
      hour: Number.isInteger(hour) ? hour : $('report-hour').value,
      timezone: $('report-timezone').value.trim(),
      enabled: $('report-enabled').checked
    };
    try {
      renderReport((await api('PUT', 'report', body)).data);
      $('report-status').textContent = 'Saved. New addresses get a confirmation email.';
    } catch (error) {
      $('report-alert').textContent = error.message;
    }
  }

  async function testReport() {
    $('report-alert').textContent = '';
    $('report-status').textContent = '';
    try {
      const sent = (await api('POST', 'report/test')).data.sent;
      $('report-status').textContent = 'Sent to ' + sent + ' confirmed address' + (sent === 1 ? '' : 'es') + '.';
    } catch (error) {
      $('report-alert').textContent = error.message;
    }
  }

  // ---- watched servers (Missing Backups) ----

  const SERVERS_PAGE = 25;
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

  /** A policy's schedule in words, in its own time zone. */
  function scheduleInWords(policy) {
    const zone = policy.timezone || 'UTC';
    const interval = /^R\/([^/]+)\/PT(\d+)H$/.exec(policy.schedule);
    if (interval) {
      const hours = Number(interval[2]);
      return (hours === 1 ? 'Every hour' : 'Every ' + hours + ' hours') + ', from ' +
        inZone(interval[1], zone) + ' (' + zone + ')';
    }
    const f = policy.schedule.trim().split(/\s+/);
    const number = (v) => /^\d+$/.test(v);
    if (f.length === 5 && number(f[0]) && f[2] === '*' && f[3] === '*') {
      const minute = f[0].padStart(2, '0');
      if (f[1] === '*' && f[4] === '*') {
        return 'Every hour at minute ' + minute + ' (' + zone + ')';
      }
      if (number(f[1])) {
        const time = f[1].padStart(2, '0') + ':' + minute;
        if (f[4] === '*') {
          return 'Every day at ' + time + ' (' + zone + ')';
        }
        if (/^\d(,\d)*$/.test(f[4])) {
          return 'At ' + time + ' on ' + f[4].split(',').map((d) => DAYS[Number(d)] || d).join(', ') +
            ' (' + zone + ')';
        }
      }
    }
    return 'Cron ' + policy.schedule + ' (' + zone + ')';
  }

  function inZone(iso, zone) {
    const date = new Date(iso);
    if (!iso || Number.isNaN(date.getTime())) {
      return '—';
    }
    try {
      return date.toLocaleString(undefined, { timeZone: zone, dateStyle: 'medium', timeStyle: 'medium' });
    } catch (e) {
      return date.toISOString();
    }
  }

  function renderPolicy(policy) {
    const node = document.getElementById('policy-template').content.firstElementChild.cloneNode(true);
    const part = (name) => node.querySelector('[data-part="' + name + '"]');
    node.dataset.policy = policy.accountPolicyId;
    part('name').textContent = policy.name;
    part('source').textContent = policy.source === 'feed' ? 'backup service, v' + policy.version : 'API';
    part('schedule').textContent = scheduleInWords(policy);
    const more = part('more');
    more.addEventListener('click', () => loadServers(policy, node, more.dataset.cursor));
    return node;
  }

  async function loadServers(policy, node, cursor) {
    const part = (name) => node.querySelector('[data-part="' + name + '"]');
    const more = part('more');
    more.disabled = true;
    try {
      const query = '?limit=' + SERVERS_PAGE + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      const page = (await api('GET', 'policies/' + encodeURIComponent(policy.accountPolicyId) + '/servers' +
        query)).data;
      const zone = policy.timezone || 'UTC';
      page.servers.forEach((server) => {
        const tr = document.createElement('tr');
        tr.dataset.server = server.serverPolicyId;
        cell(tr, 'Server', server.server + (server.enabled ? '' : ' (disabled)'));
        cell(tr, 'Region', server.storageRegion);
        cell(tr, 'Next expected start', server.nextStart ? inZone(server.nextStart, zone) : 'not watched');
        cell(tr, 'Last recorded start', server.lastStart ? inZone(server.lastStart, zone) : 'none recorded');
        const missed = document.createElement('span');
        missed.textContent = server.lastMissed ? inZone(server.lastMissed, zone) : '—';
        if (server.lastMissed) {
          missed.className = 'missed';
        }
        cell(tr, 'Last missed start', missed);
        part('rows').append(tr);
      });
      part('empty').hidden = part('rows').children.length > 0;
      node.querySelector('table').hidden = part('rows').children.length === 0;
      more.hidden = !page.next;
      more.dataset.cursor = page.next || '';
    } catch (error) {
      $('watched-alert').textContent = error.message;
    } finally {
      more.disabled = false;
      node.dataset.loaded = 'true';
    }
  }

  async function loadWatched() {
    const container = $('watched-policies');
    $('watched-alert').textContent = '';
    try {
      const policies = (await api('GET', 'policies')).data.policies || [];
      container.replaceChildren();
      $('watched-count').textContent = policies.length === 0 ? 'None'
        : policies.length + (policies.length === 1 ? ' policy' : ' policies');
      await Promise.all(policies.map((policy) => {
        const node = renderPolicy(policy);
        container.append(node);
        return loadServers(policy, node, null);
      }));
    } catch (error) {
      if (error.status !== 401) {
        $('watched-alert').textContent = error.message;
      }
    } finally {
      container.dataset.loaded = 'true';
    }
  }

  // ---- the page ----

  async function loadAll() {
    const status = $('page-status');
    status.textContent = 'Loading…';
    try {
      const list = (await api('GET', 'webhooks')).data.webhooks || [];
      const byType = new Map(list.map((s) => [s.eventType, s]));
      rows.forEach((row, id) => render(row, byType.get(id) || null));
      clearPageAlert();
      status.textContent = '';
      loadReport();
      loadWatched();
      openLinkedDeliveries();
    } catch (error) {
      status.textContent = '';
      if (error.status !== 401) {
        showPageAlert('The webhooks could not be loaded', error.message);
      }
    }
  }

  // The daily report links to ?deliveries=TYPE: that type's Recent deliveries, open, with its Resend buttons.
  function openLinkedDeliveries() {
    const wanted = new URLSearchParams(window.location.search).get('deliveries');
    const row = wanted ? rows.get(wanted) : null;
    if (!row || !row.parts.deliveries.hidden) {
      return;
    }
    toggleDeliveries(row);
    row.node.scrollIntoView();
  }

  function start() {
    const container = $('rows');
    TYPES.forEach((type) => {
      const row = buildRow(type);
      rows.set(type.id, row);
      container.append(row.node);
    });
    takeTokenFromFragment();
    updateAuth();
    loadSignIn();
    $('sign-in').addEventListener('click', signIn);
    $('report-form').addEventListener('submit', saveReport);
    $('report-test').addEventListener('click', testReport);
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = $('token-input');
      const token = input.value.trim().replace(/^Bearer\s+/i, '');
      input.value = '';
      if (!token) {
        showPageAlert('No token', 'paste the token first');
        input.focus();
        return;
      }
      setToken(token);
      loadAll();
    });
    $('sign-out').addEventListener('click', () => {
      setToken(null);
      rows.forEach((row) => {
        hideSecret(row, false);
        clearMessages(row);
        row.parts['test-result'].textContent = '';
        row.parts['delivery-rows'].replaceChildren();
        row.parts.deliveries.hidden = true;
        row.parts.toggle.setAttribute('aria-expanded', 'false');
        render(row, null);
      });
      $('token-input').focus();
      loadAll();
    });
    loadAll();
  }

  start();
}());
