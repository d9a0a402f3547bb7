/*
 * The track page of one task (GET /tasks/track/{task_id}?access_token=...). It follows the task's SSE stream
 * (/tasks/events/{task_id}) and shows state, reasoning summary, streamed content, result and usage.
 *
 * - Model output is text, never HTML: the DOM is built with textContent/createElement only (the page also
 *   ships with a Content-Security-Policy that forbids inline scripts).
 * - A reload picks up where it left off: the shown text and the id of the last event applied are saved
 *   together in sessionStorage (per task); the page reconnects with ?last_event_id=<that id>, so every event
 *   after it arrives exactly once. Events whose id is not above the saved one are ignored.
 */
(function () {
  'use strict';

  var STATE_LABELS = {
    PENDING: 'En attente',
    STARTED: 'Démarrée',
    PROGRESS: 'En cours',
    SUCCESS: 'Terminée',
    FAILURE: 'Échec',
    REVOKED: 'Annulée'
  };
  var TERMINAL = { SUCCESS: true, FAILURE: true, REVOKED: true };
  var RECONNECT_DELAY_MS = 3000;

  var token = new URLSearchParams(window.location.search).get('access_token') || '';
  var pathSegments = window.location.pathname.split('/');
  var taskId = decodeURIComponent(pathSegments[pathSegments.length - 1] || '');
  var storageKey = 'edxo_track_' + taskId;

  var view = restore();
  var source = null;
  var finished = false;

  function el(id) {
    return document.getElementById(id);
  }

  function emptyView() {
    return { lastEventId: 0, state: null, message: '', stream: '', reasoning: '' };
  }

  function restore() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || 'null');
      if (saved && typeof saved.lastEventId === 'number' && typeof saved.stream === 'string'
          && typeof saved.reasoning === 'string') {
        return saved;
      }
    } catch (ignored) {
      // unreadable: start again from the first event
    }
    return emptyView();
  }

  function save() {
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(view));
    } catch (ignored) {
      // storage full: the last saved text and id still match, so a reload stays consistent
    }
  }

  function parse(text) {
    try {
      return JSON.parse(text);
    } catch (ignored) {
      return null;
    }
  }

  function eventId(event) {
    var id = Number(event.lastEventId);
    return Number.isFinite(id) && id > 0 ? id : 0;
  }

  // ------------------------------------------------------------------ rendering (text only)

  function setText(id, text) {
    el(id).textContent = text == null ? '' : String(text);
  }

  function showState(state) {
    var node = el('task-state');
    node.dataset.state = state || '';
    node.textContent = state ? (STATE_LABELS[state] || state) + ' (' + state + ')' : 'Connexion…';
    el('stop-button').disabled = !!TERMINAL[state];
  }

  function showConnection(code, text) {
    var node = el('connection');
    node.dataset.connection = code;
    node.textContent = text;
  }

  function heartbeat() {
    setText('heartbeat', 'Dernier signal du serveur : ' + new Date().toLocaleTimeString('fr-CA'));
  }

  function showScrolled(id, text) {
    var node = el(id);
    var atBottom = node.scrollHeight - node.scrollTop - node.clientHeight < 40;
    node.textContent = text;
    if (atBottom) {
      node.scrollTop = node.scrollHeight;
    }
  }

  function render() {
    showState(view.state);
    setText('task-message', view.message);
    showScrolled('reasoning', view.reasoning);
    showScrolled('stream', view.stream);
  }

  function display(value) {
    if (value === null || value === undefined) {
      return '—';
    }
    return typeof value === 'object' ? JSON.stringify(value, null, 2) : String(value);
  }

  function fillList(id, entries) {
    var list = el(id);
    list.replaceChildren();
    entries.forEach(function (entry) {
      var term = document.createElement('dt');
      term.textContent = entry[0];
      var value = document.createElement('dd');
      value.textContent = display(entry[1]);
      list.append(term, value);
    });
  }

  /** Only http(s) links, resolved against this page: a javascript: URL in a result is never clickable. */
  function safeLink(raw) {
    if (typeof raw !== 'string' || raw === '') {
      return null;
    }
    try {
      var url = new URL(raw, window.location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (ignored) {
      return null;
    }
  }

  function showResult(result) {
    if (!result || typeof result !== 'object') {
      return;
    }
    el('result-panel').hidden = false;
    var skipped = { usage: true, validation_url: true, settings_used: true, reasoning_summary: true };
    fillList('result-fields', Object.keys(result).filter(function (key) {
      return !skipped[key];
    }).map(function (key) {
      return [key, result[key]];
    }));
    var usage = result.usage || {};
    var usageRows = [['Jetons en entrée', usage.input_tokens], ['Jetons en sortie', usage.output_tokens]];
    if (usage.reasoning_tokens !== undefined) {
      usageRows.push(['dont raisonnement', usage.reasoning_tokens]);
    }
    if (usage.cached_input_tokens !== undefined) {
      usageRows.push(['Jetons en cache', usage.cached_input_tokens]);
    }
    usageRows.push(['Coût (USD)', usage.cost], ['Modèle', usage.model]);
    fillList('usage', usageRows);
    setText('result-json', JSON.stringify(result, null, 2));
    var href = safeLink(result.validation_url || result.reviewUrl);
    var link = el('validation-link');
    if (href) {
      link.href = href;
      link.hidden = false;
    }
  }

  // ------------------------------------------------------------------ SSE

  function onProgress(event) {
    heartbeat();
    var id = eventId(event);
    if (id && id <= view.lastEventId) {
      return; // already applied before a reload
    }
    var data = parse(event.data);
    if (!data) {
      return;
    }
    var meta = data.meta || {};
    if (meta.reset) {
      view.stream = '';
      view.reasoning = '';
    }
    if (typeof meta.stream_chunk === 'string') {
      view.stream += meta.stream_chunk;
    } else if (typeof meta.stream_buffer === 'string') {
      view.stream = meta.stream_buffer; // "" when the task starts its next model call
    }
    if (typeof meta.reasoning_chunk === 'string') {
      view.reasoning += meta.reasoning_chunk;
    }
    if (typeof meta.reasoning_summary === 'string') {
      view.reasoning = meta.reasoning_summary;
    }
    if (typeof meta.message === 'string') {
      view.message = meta.message;
    }
    if (data.state) {
      view.state = data.state;
    }
    if (id) {
      view.lastEventId = id;
    }
    save();
    render();
  }

  function onDone(event) {
    heartbeat();
    finished = true;
    source.close();
    var data = parse(event.data) || {};
    var meta = data.meta || {};
    var result = data.result;
    view.state = data.state || view.state;
    if (typeof meta.message === 'string') {
      view.message = meta.message;
    } else if (view.state === 'SUCCESS') {
      view.message = 'Tâche terminée.';
    }
    var summary = (result && typeof result.reasoning_summary === 'string') ? result.reasoning_summary : meta.reasoning_summary;
    if (typeof summary === 'string' && summary !== '') {
      view.reasoning = summary;
    }
    view.lastEventId = Math.max(view.lastEventId, eventId(event));
    save();
    render();
    showResult(result);
    showConnection('finished', 'Suivi terminé.');
  }

  function onError(event) {
    if (finished) {
      return;
    }
    if (typeof event.data === 'string') {
      // The server ended the stream with an error event: reconnect after what we already have.
      var data = parse(event.data) || {};
      source.close();
      showConnection('reconnecting', (data.error || 'Erreur du serveur.') + ' Reconnexion…');
      window.setTimeout(connect, RECONNECT_DELAY_MS);
    } else if (source.readyState === EventSource.CONNECTING) {
      showConnection('reconnecting', 'Connexion perdue, reconnexion…');
    } else {
      showConnection('closed', 'Connexion refusée : jeton expiré ou tâche introuvable. Rechargez la page avec un jeton valide.');
    }
  }

  function connect() {
    var url = '/tasks/events/' + encodeURIComponent(taskId) + '?access_token=' + encodeURIComponent(token);
    if (view.lastEventId > 0) {
      url += '&last_event_id=' + view.lastEventId;
    }
    el('connection').dataset.resumedFrom = String(view.lastEventId);
    source = new EventSource(url);
    source.addEventListener('open', function () {
      heartbeat();
      showConnection('open', view.lastEventId > 0
          ? 'Connecté (reprise après l’événement ' + view.lastEventId + ').' : 'Connecté.');
    });
    source.addEventListener('progress', onProgress);
    source.addEventListener('done', onDone);
    source.addEventListener('ping', heartbeat);
    source.addEventListener('error', onError);
  }

  /** A queued task sends no event before a worker takes it: the status route says PENDING meanwhile. */
  function loadInitialState() {
    window.fetch('/tasks/status/' + encodeURIComponent(taskId), {
      headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'application/json' }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (status) {
      if (status && !view.state && !finished) {
        view.state = status.state;
        view.message = status.message || view.message;
        render();
      }
    }).catch(function () {
      // the SSE stream reports the state as well
    });
  }

  // ------------------------------------------------------------------ stop button

  function describeCancel(status, text) {
    var body = parse(text) || {};
    var said = body.message || body.error;
    if (status >= 200 && status < 300) {
      return said || 'Annulation demandée.';
    }
    if (status === 404 || status === 405) {
      return 'Arrêt impossible (HTTP ' + status + ')' + (said ? ' : ' + said : ' : route indisponible.');
    }
    return 'Arrêt refusé (HTTP ' + status + ')' + (said ? ' : ' + said : '.');
  }

  function stop() {
    var answer = el('stop-answer');
    answer.textContent = 'Demande d’arrêt envoyée…';
    window.fetch('/tasks/cancel/' + encodeURIComponent(taskId), {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'application/json' }
    }).then(function (response) {
      return response.text().then(function (text) {
        answer.textContent = describeCancel(response.status, text);
      });
    }).catch(function () {
      answer.textContent = 'Le serveur est injoignable ; réessayez.';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    setText('task-id', taskId);
    el('stop-button').addEventListener('click', stop);
    render();
    connect();
    if (!view.state) {
      loadInitialState();
    }
  });
}());
