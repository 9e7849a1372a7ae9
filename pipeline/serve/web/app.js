// tinkhabar's page: the events of the API, new ones live, filters, a chart per province and
// the health of each source. Plain JavaScript, no library, no build step.
//
// Everything shown comes from article text, which may hold markup or script: the page builds
// its DOM with createElement and text nodes only (see el); it never parses data as HTML, and
// links are made only of http(s) addresses.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';

  const TYPE_LABEL = { visit: 'Visit', project_count: 'Project count', agreement: 'Agreement' };
  const ROLE_LABEL = {
    minister: 'Minister', deputy_minister: 'Deputy minister', president: 'President',
    vice_president: 'Vice president', prime_minister: 'Prime minister', governor: 'Governor',
    party_secretary: 'Party secretary', company_head: 'Company head', delegation: 'Delegation', other: 'Official',
  };
  const STATUS_LABEL = { planned: 'planned', ongoing: 'under way', done: 'done' };
  const QUALIFIER = { exact: '', at_least: 'at least ', about: 'about ' };
  const KIND_LABEL = {
    strategic_cooperation: 'Strategic cooperation agreement', cooperation: 'Cooperation agreement',
    mou: 'Memorandum of understanding', contract: 'Contract',
  };
  const LANG_LABEL = { fa: 'Persian', vi: 'Vietnamese' };
  const FILTERS = ['type', 'lang', 'location', 'source', 'period', 'q'];
  const PAGE = 50;
  const numberFmt = new Intl.NumberFormat('en');

  const state = {
    filters: {},
    cursor: '',
    lastSeq: 0,
    shown: new Set(),
    token: sessionStorage.getItem('tinkhabar-token') || '',
    stream: null, // AbortController of the live stream
    fresh: 0,
    statsTimer: 0,
  };

  // el builds an element: attributes are set with setAttribute, children are nodes or text.
  function el(tag, attrs, ...children) {
    const n = document.createElement(tag);
    setAttrs(n, attrs);
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === '') continue;
      n.append(c instanceof Node ? c : String(c));
    }
    return n;
  }

  function svg(tag, attrs, ...children) {
    const n = document.createElementNS(SVG, tag);
    setAttrs(n, attrs);
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === '') continue;
      n.append(c instanceof Node ? c : String(c));
    }
    return n;
  }

  function setAttrs(n, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      n.setAttribute(k, v === true ? '' : String(v));
    }
  }

  // native wraps text in its own language and direction inside an English line.
  function native(text, lang) {
    return el('bdi', { lang: lang || null, dir: 'auto', class: 'native' }, text);
  }

  // isolateRTL splits an English line around the Persian names it quotes and isolates each,
  // so that "between <Persian> and <Persian>" keeps its English word order.
  const rtlRun = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff](?:[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u200c\s]*[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff])?/g;
  function isolateRTL(text) {
    const out = [];
    let at = 0;
    for (const m of text.matchAll(rtlRun)) {
      if (m.index > at) out.push(text.slice(at, m.index));
      out.push(el('bdi', { dir: 'rtl', lang: 'fa' }, m[0]));
      at = m.index + m[0].length;
    }
    if (at < text.length) out.push(text.slice(at));
    return out;
  }

  // safeURL returns an http(s) address, or null for anything else (javascript:, data:, …).
  function safeURL(u) {
    try {
      const url = new URL(u);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }

  function ago(iso) {
    const t = Date.parse(iso);
    if (Number.isNaN(t)) return '';
    const s = Math.round((Date.now() - t) / 1000);
    if (s < 0) return 'just now';
    if (s < 90) return `${s} s ago`;
    if (s < 5400) return `${Math.round(s / 60)} min ago`;
    if (s < 129600) return `${Math.round(s / 3600)} h ago`;
    return `${Math.round(s / 86400)} days ago`;
  }

  // ---- API -------------------------------------------------------------------------------

  class AuthError extends Error {}

  function headers() {
    return state.token ? { Authorization: `Bearer ${state.token}` } : {};
  }

  async function api(path, params) {
    const qs = params ? `?${params}` : '';
    const res = await fetch(path + qs, { headers: headers() });
    if (res.status === 401) {
      $('auth').hidden = false;
      throw new AuthError('a token is needed');
    }
    const body = await res.json();
    if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
    return body;
  }

  function filterParams() {
    const p = new URLSearchParams();
    for (const k of ['type', 'lang', 'location', 'source', 'q']) {
      if (state.filters[k]) p.set(k, state.filters[k]);
    }
    if (state.filters.period) p.set('since', state.filters.period);
    return p;
  }

  // ---- events ----------------------------------------------------------------------------

  function showError(err) {
    if (err instanceof AuthError) return;
    const box = $('error');
    box.hidden = false;
    box.textContent = `Could not load: ${err.message}`;
  }

  async function loadEvents(reset) {
    const p = filterParams();
    p.set('limit', String(PAGE));
    if (!reset && state.cursor) p.set('cursor', state.cursor);
    const page = await api('/api/events', p);
    $('error').hidden = true;
    const list = $('event-list');
    if (reset) {
      list.replaceChildren();
      state.shown.clear();
      state.lastSeq = page.last_sequence || 0;
      state.fresh = 0;
    }
    for (const env of page.events) {
      if (state.shown.has(env.id)) continue;
      state.shown.add(env.id);
      list.append(card(env, false));
    }
    state.cursor = page.next_cursor || '';
    $('more').hidden = !state.cursor;
    $('empty').hidden = list.childElementCount > 0;
  }

  function fact(label, ...value) {
    const parts = value.flat().filter((v) => v !== null && v !== undefined && v !== '');
    if (parts.length === 0) return null;
    return [el('dt', null, label), el('dd', null, parts)];
  }

  function join(parts, sep) {
    const out = [];
    for (const p of parts) {
      if (p === null || p === undefined || p === '') continue;
      if (out.length) out.push(sep);
      out.push(p);
    }
    return out;
  }

  function card(env, live) {
    const ev = env.data || {};
    const lang = ev.lang || '';
    const facts = [];

    if (ev.visitor) {
      const v = ev.visitor;
      facts.push(fact('Who', join([
        ROLE_LABEL[v.role] || v.role,
        v.name ? native(v.name, lang) : null,
        v.role_text ? el('span', { class: 'aside' }, '(', native(v.role_text, lang), ')') : null,
      ], ' ')));
    }
    if (ev.location) {
      const l = ev.location;
      facts.push(fact('Where', join([
        el('span', null, l.name || l.id),
        l.native && l.native !== l.name ? native(l.native, l.country === 'IR' ? 'fa' : l.country === 'VN' ? 'vi' : null) : null,
        l.current_id && l.current_id !== l.id ? el('span', { class: 'aside' }, `(now ${l.current_id})`) : null,
      ], ' · ')));
    }
    if (ev.date) {
      const d = ev.date;
      const written = d.text ? el('span', null,
        native(d.text, lang), el('span', { class: 'aside' }, d.calendar === 'persian' ? ' (Solar Hijri, as written)' : ' (as written)')) : null;
      facts.push(fact('When', join([el('time', { datetime: d.value }, d.value), written], ' · ')));
    }
    if (ev.duration_days) facts.push(fact('For', `${ev.duration_days} day${ev.duration_days === 1 ? '' : 's'}`));
    if (ev.type === 'project_count') {
      facts.push(fact('How many', join([
        `${QUALIFIER[ev.qualifier] || ''}${numberFmt.format(ev.count || 0)} project${ev.count === 1 ? '' : 's'}`,
        ev.project_kind ? native(ev.project_kind, lang) : null,
      ], ' · ')));
      if (ev.investment) {
        const m = ev.investment;
        facts.push(fact('Investment', join([
          `${QUALIFIER[m.qualifier] || ''}${numberFmt.format(m.amount)} ${m.currency || ''}`,
          m.text ? native(m.text, lang) : null,
        ], ' · ')));
      }
    }
    if (ev.type === 'agreement') {
      facts.push(fact('What', join([
        KIND_LABEL[ev.agreement_kind] || ev.agreement_kind,
        ev.kind_text ? native(ev.kind_text, lang) : null,
        ev.count > 1 ? `${ev.count} documents` : null,
      ], ' · ')));
      if (ev.topic) facts.push(fact('Topic', native(ev.topic, lang)));
      if (ev.period) {
        const p = ev.period;
        facts.push(fact('Period', join([
          p.from || p.to ? `${p.from || '…'}–${p.to || '…'}` : null,
          p.horizon ? `vision to ${p.horizon}` : null,
        ], ', ')));
      }
    }
    if (Array.isArray(ev.parties) && ev.parties.length) {
      facts.push(fact('Parties', el('ul', { class: 'parties' },
        ev.parties.map((p) => el('li', null, p.name ? native(p.name, lang) : p.id,
          p.kind ? el('span', { class: 'aside' }, ` ${p.kind}`) : null)))));
    }

    const link = safeURL(ev.article && ev.article.url);
    const published = ev.article && ev.article.published;
    return el('article', {
      class: `event type-${ev.type}${live ? ' fresh' : ''}`,
      'data-id': ev.id, 'data-lang': lang, 'data-type': ev.type,
    },
    el('header', { class: 'event-head' },
      el('span', { class: `badge badge-${ev.type}` }, TYPE_LABEL[ev.type] || ev.type),
      ev.status ? el('span', { class: `status status-${ev.status}` }, STATUS_LABEL[ev.status] || ev.status) : null,
      el('span', { class: 'chip', title: LANG_LABEL[lang] || lang }, lang),
      el('span', { class: 'source' }, (ev.article && ev.article.source) || ''),
      published ? el('time', { class: 'published', datetime: published, title: `published ${published}` }, published.slice(0, 10)) : null),
    el('h3', { class: 'summary' }, isolateRTL(ev.summary_en || '')),
    el('dl', { class: 'facts' }, facts.flat().filter(Boolean)),
    el('blockquote', { class: 'evidence', lang: lang || null, dir: lang === 'fa' ? 'rtl' : 'ltr' }, highlight(ev)),
    el('footer', { class: 'event-foot' },
      link ? el('a', { href: link, rel: 'noopener noreferrer', target: '_blank' }, 'Read the article') : el('span', null, 'no link'),
      typeof ev.confidence === 'number' ? el('span', null, `confidence ${Math.round(ev.confidence * 100)}%`) : null,
      el('span', { class: 'id' }, ev.id)));
  }

  // ---- highlighting ----------------------------------------------------------------------

  // foldUnit maps one UTF-16 unit to its search form without changing the length: Arabic
  // yeh and kaf to Persian, Persian and Arabic-Indic digits to ASCII, ZWNJ to a space, lower
  // case. Offsets in the folded text are offsets in the original.
  function foldUnit(c) {
    const code = c.charCodeAt(0);
    if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(48 + code - 0x06f0);
    if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(48 + code - 0x0660);
    if (c === '\u064a' || c === '\u0649') return '\u06cc';
    if (c === '\u0643') return '\u06a9';
    if (c === '\u200c') return ' ';
    const l = c.toLowerCase();
    return l.length === 1 ? l : c;
  }

  function fold(s) {
    let out = '';
    for (let i = 0; i < s.length; i++) out += foldUnit(s[i]);
    return out;
  }

  const wordChar = /[\p{L}\p{N}\p{M}]/u;

  // terms are the phrases of the event written as in the article: the words it was read from.
  function terms(ev) {
    const t = [];
    const add = (text, cls, label) => {
      if (typeof text === 'string' && text.trim().length >= 2) t.push({ text: text.trim().normalize('NFC'), cls, label });
    };
    if (ev.visitor) {
      add(ev.visitor.role_text, 'hl-who', 'who');
      add(ev.visitor.name, 'hl-who', 'who');
    }
    if (ev.location) {
      add(ev.location.native, 'hl-where', 'where');
      add(ev.location.name, 'hl-where', 'where');
    }
    if (ev.date) add(ev.date.text, 'hl-when', 'when');
    add(ev.project_kind, 'hl-what', 'what');
    add(ev.kind_text, 'hl-what', 'what');
    add(ev.topic, 'hl-what', 'topic');
    if (ev.investment) add(ev.investment.text, 'hl-count', 'investment');
    for (const p of ev.parties || []) add(p.name, 'hl-who', 'party');
    if (ev.count) {
      const n = String(ev.count);
      add(n, 'hl-count', 'how many');
      add(numberFmt.format(ev.count), 'hl-count', 'how many');
      add(numberFmt.format(ev.count).replace(/,/g, '.'), 'hl-count', 'how many');
    }
    return t;
  }

  function highlight(ev) {
    const text = ((ev.evidence && ev.evidence.text) || '').normalize('NFC');
    const hay = fold(text);
    const ranges = [];
    for (const term of terms(ev)) {
      const needle = fold(term.text);
      for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
        const end = i + needle.length;
        if (i > 0 && wordChar.test(text[i - 1]) && wordChar.test(text[i])) continue;
        if (end < text.length && wordChar.test(text[end]) && wordChar.test(text[end - 1])) continue;
        ranges.push({ start: i, end, cls: term.cls, label: term.label });
      }
    }
    ranges.sort((a, b) => a.start - b.start || b.end - a.end);
    const out = [];
    let at = 0;
    for (const r of ranges) {
      if (r.start < at) continue; // overlaps a longer or earlier one
      if (r.start > at) out.push(text.slice(at, r.start));
      out.push(el('mark', { class: r.cls, title: r.label }, text.slice(r.start, r.end)));
      at = r.end;
    }
    if (at < text.length) out.push(text.slice(at));
    return out;
  }

  // ---- live stream -----------------------------------------------------------------------

  function setLive(text, cls) {
    const live = $('live');
    live.textContent = text;
    live.className = `live ${cls}`;
  }

  // follow reads /api/stream with fetch (so that the token can go in a header) and parses
  // the Server-Sent Events itself, resuming from the last id after a drop.
  async function follow(ctrl) {
    let retry = 3000;
    while (!ctrl.signal.aborted) {
      try {
        const h = headers();
        if (state.lastSeq) h['Last-Event-ID'] = String(state.lastSeq);
        const res = await fetch(`/api/stream?${filterParams()}`, { headers: h, signal: ctrl.signal });
        if (res.status === 401) {
          $('auth').hidden = false;
          setLive('token needed', 'off');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        setLive(state.fresh ? `live · ${state.fresh} new` : 'live', 'on');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, '\n');
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const r = onBlock(block);
            if (r) retry = r;
          }
        }
      } catch (err) {
        if (ctrl.signal.aborted) return;
      }
      setLive('reconnecting…', 'off');
      await new Promise((ok) => setTimeout(ok, retry));
    }
  }

  function onBlock(block) {
    let id = null;
    let data = '';
    let retry = 0;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'id') id = value;
      else if (field === 'data') data += (data ? '\n' : '') + value;
      else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
    }
    if (id !== null && /^\d+$/.test(id)) state.lastSeq = Math.max(state.lastSeq, Number(id));
    if (data) {
      try {
        onEvent(JSON.parse(data));
      } catch {
        // a message that is not JSON is skipped
      }
    }
    return retry;
  }

  function onEvent(env) {
    if (!env || !env.data || state.shown.has(env.id)) return;
    state.shown.add(env.id);
    state.fresh++;
    $('event-list').prepend(card(env, true));
    $('empty').hidden = true;
    setLive(`live · ${state.fresh} new`, 'on');
    clearTimeout(state.statsTimer);
    state.statsTimer = setTimeout(() => loadStats().catch(showError), 1500);
  }

  function startStream() {
    if (state.stream) state.stream.abort();
    const ctrl = new AbortController();
    state.stream = ctrl;
    follow(ctrl);
  }

  // ---- statistics and chart --------------------------------------------------------------

  async function loadStats() {
    const [stats, all] = await Promise.all([api('/api/stats', filterParams()), api('/api/stats')]);
    $('events-count').textContent = `(${numberFmt.format(stats.total)})`;
    fillProvinces(all.by_location || []);
    drawChart(stats);
  }

  function fillProvinces(locs) {
    const sel = $('f-location');
    const keep = state.filters.location || '';
    const opts = [el('option', { value: '' }, 'All provinces')];
    let found = false;
    for (const l of locs) {
      found = found || l.id === keep;
      const label = l.native && l.native !== l.name ? `${l.name || l.id} — ${l.native}` : (l.name || l.id);
      opts.push(el('option', { value: l.id }, `${label} (${l.count})`));
    }
    if (keep && !found) opts.push(el('option', { value: keep }, keep));
    sel.replaceChildren(...opts);
    sel.value = keep;
  }

  function buckets(days) {
    if (days.length === 0) return { unit: 'day', keys: [] };
    const first = new Date(`${days[0]}T00:00:00Z`);
    const last = new Date(`${days[days.length - 1]}T00:00:00Z`);
    const span = (last - first) / 86400000;
    const keys = [];
    if (span <= 62) {
      for (let t = first; t <= last; t = new Date(t.getTime() + 86400000)) keys.push(t.toISOString().slice(0, 10));
      return { unit: 'day', keys };
    }
    let y = first.getUTCFullYear();
    let m = first.getUTCMonth();
    while (y < last.getUTCFullYear() || (y === last.getUTCFullYear() && m <= last.getUTCMonth())) {
      keys.push(`${y}-${String(m + 1).padStart(2, '0')}`);
      m++;
      if (m === 12) { m = 0; y++; }
    }
    return { unit: 'month', keys };
  }

  function drawChart(stats) {
    const box = $('chart');
    const legend = $('chart-legend');
    const locs = stats.by_location || [];
    const days = Object.keys(stats.by_day || {}).sort();
    if (locs.length === 0 || days.length === 0) {
      box.replaceChildren(el('p', { class: 'empty' }, 'No event with a province yet.'));
      legend.replaceChildren();
      return;
    }
    const top = locs.slice(0, 6);
    const series = top.map((l, i) => ({ ...l, cls: `c${i}` }));
    const others = locs.slice(6);
    if (others.length) series.push({ id: '', name: `${others.length} other`, count: others.reduce((a, l) => a + l.count, 0), cls: 'c6', ids: others.map((l) => l.id) });
    const { unit, keys } = buckets(days);
    const key = (day) => (unit === 'day' ? day : day.slice(0, 7));
    const index = new Map(keys.map((k, i) => [k, i]));
    const cells = series.map(() => new Array(keys.length).fill(0));
    series.forEach((s, si) => {
      for (const id of s.ids || [s.id]) {
        for (const [day, n] of Object.entries((stats.by_location_day || {})[id] || {})) {
          const i = index.get(key(day));
          if (i !== undefined) cells[si][i] += n;
        }
      }
    });
    const totals = keys.map((_, i) => cells.reduce((a, row) => a + row[i], 0));
    const maxTotal = Math.max(1, ...totals);

    const W = 600; const H = 220; const left = 34; const right = 8; const top0 = 10; const bottom = 34;
    const plotW = W - left - right; const plotH = H - top0 - bottom;
    const bw = plotW / keys.length;
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Events per province per ${unit}`, class: 'chart-svg' });
    for (const frac of [0, 0.5, 1]) {
      const v = Math.round(maxTotal * frac);
      const y = top0 + plotH - (v / maxTotal) * plotH;
      root.append(svg('line', { x1: left, x2: W - right, y1: y, y2: y, class: 'grid' }));
      root.append(svg('text', { x: left - 4, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
    }
    keys.forEach((k, i) => {
      let y = top0 + plotH;
      series.forEach((s, si) => {
        const n = cells[si][i];
        if (!n) return;
        const h = (n / maxTotal) * plotH;
        y -= h;
        root.append(svg('rect', { x: left + i * bw + bw * 0.1, y, width: Math.max(bw * 0.8, 1), height: h, class: `bar ${s.cls}` },
          svg('title', null, `${s.name || s.id} · ${k}: ${n}`)));
      });
    });
    const step = Math.max(1, Math.ceil(keys.length / 6));
    keys.forEach((k, i) => {
      if (i % step !== 0 && i !== keys.length - 1) return;
      root.append(svg('text', { x: left + i * bw + bw / 2, y: H - bottom + 16, class: 'axis', 'text-anchor': 'middle' }, k));
    });
    box.replaceChildren(root);
    legend.replaceChildren(...series.map((s) => el('li', null,
      el('button', { type: 'button', class: 'legend-item', 'data-location': s.id || null, disabled: !s.id },
        el('span', { class: `swatch ${s.cls}`, 'aria-hidden': 'true' }),
        s.name || s.id,
        s.native && s.native !== s.name ? [' ', native(s.native, null)] : null,
        el('span', { class: 'aside' }, ` ${s.count}`)))));
  }

  // ---- sources ---------------------------------------------------------------------------

  async function loadSources() {
    const { sources } = await api('/api/sources');
    const sel = $('f-source');
    const keep = state.filters.source || '';
    sel.replaceChildren(el('option', { value: '' }, 'All sources'),
      ...sources.map((s) => el('option', { value: s.id }, `${s.name || s.id}${s.lang ? ` (${s.lang})` : ''}`)));
    if (keep && !sources.some((s) => s.id === keep)) sel.append(el('option', { value: keep }, keep));
    sel.value = keep;
    $('sources').replaceChildren(...sources.map((s) => el('li', { class: `source-row status-${s.status}`, 'data-source': s.id },
      el('span', { class: 'dot', title: s.status, 'aria-label': s.status }),
      el('span', { class: 'source-name' }, s.name || s.id, s.native ? [' ', native(s.native, s.lang)] : null,
        s.lang ? el('span', { class: 'chip' }, s.lang) : null),
      el('span', { class: 'source-facts' }, join([
        `${s.events} event${s.events === 1 ? '' : 's'}`,
        s.last_article ? `last article ${ago(s.last_article)}` : 'no article yet',
        s.failing_feeds ? `${s.failing_feeds} feed${s.failing_feeds === 1 ? '' : 's'} failing (${s.max_failures}×)` : null,
      ], ' · ')),
      s.last_error ? el('span', { class: 'source-error' }, s.last_error) : null)));
  }

  // ---- filters and start-up --------------------------------------------------------------

  function readURL() {
    const p = new URLSearchParams(location.search);
    state.filters = {};
    for (const k of FILTERS) {
      const v = p.get(k);
      if (v) state.filters[k] = v;
    }
  }

  function writeControls() {
    for (const k of FILTERS) {
      const c = $(`f-${k}`);
      const v = state.filters[k] || '';
      if (c.tagName === 'SELECT' && v && ![...c.options].some((o) => o.value === v)) c.append(el('option', { value: v }, v));
      c.value = v;
    }
  }

  function readControls() {
    state.filters = {};
    for (const k of FILTERS) {
      const v = $(`f-${k}`).value.trim();
      if (v) state.filters[k] = v;
    }
    const p = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
    const qs = p.toString();
    history.replaceState(null, '', qs ? `?${qs}` : location.pathname);
  }

  async function reload() {
    state.cursor = '';
    try {
      await loadEvents(true);
      startStream();
      await loadStats();
    } catch (err) {
      showError(err);
    }
  }

  function init() {
    readURL();
    writeControls();
    const form = $('filters');
    let typing = 0;
    form.addEventListener('change', (e) => {
      if (e.target.id === 'f-q') return;
      readControls();
      reload();
    });
    $('f-q').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => { readControls(); reload(); }, 350);
    });
    form.addEventListener('submit', (e) => { e.preventDefault(); readControls(); reload(); });
    form.addEventListener('reset', () => setTimeout(() => { readControls(); reload(); }, 0));
    $('more').addEventListener('click', () => loadEvents(false).catch(showError));
    $('chart-legend').addEventListener('click', (e) => {
      const b = e.target.closest('button[data-location]');
      if (!b) return;
      $('f-location').value = b.getAttribute('data-location');
      readControls();
      reload();
    });
    $('auth-form').addEventListener('submit', (e) => {
      e.preventDefault();
      state.token = $('auth-token').value.trim();
      sessionStorage.setItem('tinkhabar-token', state.token);
      $('auth').hidden = true;
      start();
    });
    // A page kept in the back/forward cache would hold its stream's connection (a browser
    // has only six per server over HTTP/1.1): close it when the page is hidden away, and
    // resume from the last id when it comes back.
    window.addEventListener('pagehide', () => {
      if (state.stream) state.stream.abort();
      state.stream = null;
    });
    window.addEventListener('pageshow', (e) => {
      if (e.persisted) startStream();
    });
    start();
    setInterval(() => { loadSources().catch(showError); loadStats().catch(showError); }, 30000);
  }

  async function start() {
    await Promise.all([reload(), loadSources().catch(showError)]);
    writeControls();
    document.documentElement.setAttribute('data-loaded', 'true');
  }

  init();
})();
