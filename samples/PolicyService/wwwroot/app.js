// Policy Service page: sign in with a development token, ask, read the streamed answer (server-sent events over fetch).
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  let token = null;

  function decodePayload(jwt) {
    const part = jwt.split('.')[1];
    if (!part) { throw new Error('not a JWT'); }
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    return JSON.parse(decodeURIComponent(Array.from(json, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('')));
  }

  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token').value.trim();
    try {
      const claims = decodePayload(value);
      const groups = [].concat(claims.groups || []);
      token = value;
      $('who').textContent = 'Signed in as ' + (claims.sub || '(no user id)') + (groups.length ? ' (groups: ' + groups.join(', ') + ')' : ' (no groups)');
      $('question').disabled = false;
      $('ask').disabled = false;
      $('question').focus();
    } catch {
      token = null;
      $('who').textContent = 'That is not a token. Paste the output of dev-token.';
    }
  });

  function reset() {
    $('answer').textContent = '';
    $('refusal').hidden = true;
    $('refusal').textContent = '';
    $('citations').replaceChildren();
    $('redactions').textContent = 'None yet.';
    $('audit-id').textContent = '-';
  }

  // Turns [S1] markers into links to their cited passage.
  function linkMarkers(text) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(/\[(S\d+)\]/g)) {
      fragment.append(text.slice(last, m.index));
      const a = document.createElement('a');
      a.href = '#passage-' + m[1];
      a.textContent = '[' + m[1] + ']';
      a.setAttribute('aria-label', 'source ' + m[1]);
      fragment.append(a);
      last = m.index + m[0].length;
    }
    fragment.append(text.slice(last));
    return fragment;
  }

  function showCitations(citations) {
    const list = $('citations');
    for (const c of citations) {
      const li = document.createElement('li');
      li.id = 'passage-' + c.id;
      li.tabIndex = -1;
      const title = document.createElement('strong');
      title.textContent = '[' + c.id + '] ' + (c.title || c.documentId) + (c.section ? ' \u2014 ' + c.section : '');
      const quote = document.createElement('blockquote');
      quote.textContent = c.passage || '';
      li.append(title, quote);
      list.append(li);
    }
  }

  function showProblem(problem) {
    const box = $('refusal');
    const cannot = problem.type === 'urn:compliant-ai:problem:grounding-refused';
    box.textContent = (cannot ? 'Cannot answer from approved sources. ' : (problem.title || 'Request failed') + '. ') + (problem.detail || '');
    box.hidden = false;
    if (cannot) { $('answer').textContent = ''; }
  }

  function onEvent(name, data) {
    switch (name) {
      case 'answer': $('answer').append(data.text); break;
      case 'citations': {
        const text = $('answer').textContent;
        $('answer').replaceChildren(linkMarkers(text));
        showCitations(data);
        break;
      }
      case 'refusal': case 'error': showProblem(data); break;
      case 'audit': {
        $('audit-id').textContent = data.auditId || '-';
        const entries = Object.entries(data.redactions || {});
        $('redactions').textContent = entries.length ? entries.map(([k, v]) => k + ': ' + v).join(', ') + ' (replaced by placeholders before the model saw the text)' : 'Nothing was redacted.';
        break;
      }
      case 'done': $('status').textContent = 'Answer complete.'; break;
    }
  }

  $('ask-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!token) { return; }
    reset();
    $('ask').disabled = true;
    $('answer').setAttribute('aria-busy', 'true');
    $('status').textContent = 'Answering\u2026';
    try {
      const response = await fetch('ask/stream', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token, 'Accept': 'text/event-stream' },
        body: JSON.stringify({ question: $('question').value }),
      });
      if (!response.ok || !(response.headers.get('Content-Type') || '').startsWith('text/event-stream')) {
        let problem = { title: 'Request failed (' + response.status + ')' };
        try { problem = await response.json(); } catch { /* not JSON */ }
        if (response.status === 401) { problem.detail = 'Sign in again: the token is missing, invalid or expired.'; }
        showProblem(problem);
        $('status').textContent = 'Request failed.';
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let name = 'message';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) { name = line.slice(7); } else if (line.startsWith('data: ')) { data += line.slice(6); }
          }
          onEvent(name, data ? JSON.parse(data) : {});
        }
      }
    } finally {
      $('ask').disabled = false;
      $('answer').setAttribute('aria-busy', 'false');
    }
  });
})();
