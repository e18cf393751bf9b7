/* Gongkai site search: a small interface on Pagefind's JavaScript API.
 *
 * window.gongkaiSearch(query, {filters, sort, limit}) resolves to the results best first,
 * [{url, title, excerpt, meta}] (the first `limit`, default 100): the search contract of
 * docs/design.md#search that the search page and the browser tests both use.
 *
 * Three Pagefind searches run side by side and are merged:
 *  - exact: a 文号 or 索引号 in the query becomes one token (meta field "k"): its document first;
 *  - grams: the query's runs of characters become title n-gram words (meta field "g"):
 *    pages whose title contains the query, even when it starts inside a word (于调整);
 *  - plain: Pagefind's own search over the full text, which ranks whole words.
 * The words are computed exactly as generator/render/search_tokens.py writes them into the index.
 *
 * The index may be split into shards (pagefind/gongkai-search.json): the first is imported,
 * the others merged with Pagefind's mergeIndex, each tagged with a hidden filter "_shard" so
 * that a date-sorted search can be merged shard by shard (Pagefind's sort positions are
 * only comparable within one shard).
 *
 * No request leaves the site: everything is loaded relative to this script's own URL.
 */
(function () {
  "use strict";

  var SCRIPT = document.currentScript;
  // assets/search.<hash>.js → the site root, wherever the site is mounted (/, /xxgk/, …)
  var ROOT = new URL(SCRIPT && SCRIPT.dataset.root ? SCRIPT.dataset.root : "../",
                     SCRIPT ? SCRIPT.src : location.href);
  var GRAM_LENGTH = 4, GRAM_PREFIX = "qg", EXACT_PREFIX = "qw", MAX_GRAM_WORDS = 8;
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz", MAX_CODE = 36 * 36 * 36;
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  var DOC_NO = /([\u3400-\u9fff]{1,16})\s*[〔\[［(（【„]\s*((?:19|20)\d\d)\s*[〕\]］)）】‟]\s*第?\s*(\d{1,6})\s*号/;
  var ORDER_NO = /[\u3400-\u9fff]{2,20}令\s*第?\s*\d{1,6}\s*号/;  // 湛江市人民政府令第3号
  var INDEX_NO = /[0-9A-Za-z]{9,18}\/\d{4}-\d{3,8}/;
  var DOC_NO_NOISE = /[\s〔〕\[\]［］()（）【】„‟“”"'《》<>第]/g;
  var HIDDEN_META = ["g", "k"];
  var PAGE_SIZE = 10;
  var AUTO_BATCHES = 3;  // a search with no result goes on by itself through this many batches

  // --- the words, as generator/render/search_tokens.py writes them ---------------------------------
  function code(ch) {
    var point = ch.codePointAt(0);
    if (point >= MAX_CODE) return null;
    var s = "";
    for (var i = 0; i < 3; i++) { s = DIGITS[point % 36] + s; point = Math.floor(point / 36); }
    return s;
  }
  function isWordChar(ch) { return /[\p{L}\p{N}]/u.test(ch) && code(ch) !== null; }
  function wordRuns(text) {
    var runs = [], current = "";
    for (var ch of text.normalize("NFKC").toLowerCase()) {
      if (isWordChar(ch)) current += ch;
      else if (current) { runs.push(current); current = ""; }
    }
    if (current) runs.push(current);
    return runs;
  }
  function encode(chars) {
    var out = "";
    for (var ch of chars) out += code(ch) || "";
    return out;
  }
  function gramWords(query) {
    if (!CJK.test(query)) return "";
    var words = [];
    wordRuns(query).forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length <= GRAM_LENGTH) { words.push(GRAM_PREFIX + encode(run)); return; }
      // a longer run: its overlapping grams, all required (the last one ends the run)
      for (var i = 0; i + GRAM_LENGTH <= chars.length; i++) {
        words.push(GRAM_PREFIX + encode(chars.slice(i, i + GRAM_LENGTH).join("")));
      }
    });
    if (words.length > MAX_GRAM_WORDS) {  // keep the query short: first grams and the last one
      words = words.slice(0, MAX_GRAM_WORDS - 1).concat(words.slice(-1));
    }
    return words.join(" ");
  }
  function exactWord(value) {
    var text = value.normalize("NFKC").toLowerCase().replace(DOC_NO_NOISE, "");
    var runs = wordRuns(text).join("");
    return runs ? EXACT_PREFIX + encode(runs) : "";
  }
  function exactWords(query) {
    var q = query.normalize("NFKC");
    var m = q.match(DOC_NO) || q.match(ORDER_NO) || q.match(INDEX_NO);
    if (m) return exactWord(m[0]);
    // any other short query ending in a number and 号 may be a whole 文号 of an unusual form
    return /\d\s*号\s*$/.test(q) && q.length <= 40 ? exactWord(q) : "";
  }

  // --- loading Pagefind and its shards -------------------------------------------------------
  var COMMON = {
    baseUrl: ROOT.pathname,
    excerptLength: 36,
    ranking: { metaWeights: { title: 5, g: 1, k: 10 } },
  };
  var opening = null;
  function bundleUrl(shard) { return new URL("pagefind/" + shard.path, ROOT); }

  // The manifest and the first shard listed (it carries Pagefind's code): every search needs them.
  function open() {
    if (opening) return opening;
    opening = (async function () {
      var response = await fetch(new URL("pagefind/gongkai-search.json", ROOT));
      if (!response.ok) throw new Error("search index not found");
      var manifest = await response.json();
      var shards = manifest.shards || [];
      var st = { pf: null, shards: shards, merged: new Map(), batchPages: manifest.batch_pages || 1000 };
      if (!shards.length) return st;
      st.pf = await import(new URL("pagefind.js", bundleUrl(shards[0])).href);
      var first = Object.assign({ noWorker: true }, COMMON);
      if (shards.length > 1) first.mergeFilter = { _shard: shards[0].name };
      await st.pf.options(first);
      await st.pf.init();
      st.merged.set(shards[0].name, Promise.resolve());
      return st;
    })();
    return opening;
  }

  // Merge the shards not yet loaded (their metadata files come now; index chunks per query).
  function ensureLoaded(st, shards) {
    return Promise.all(shards.map(function (s) {
      if (!st.merged.has(s.name)) {
        st.merged.set(s.name, st.pf.mergeIndex(bundleUrl(s).pathname,
                                                Object.assign({ mergeFilter: { _shard: s.name } }, COMMON)));
      }
      return st.merged.get(s.name);
    }));
  }

  async function loadFilters(st) {
    if (st.pf) await st.pf.filters();  // afterwards every search also returns counts
  }

  // --- which shards a search goes through, in which order ------------------------------------
  // The shards that can hold a result (a year or agency filter leaves the others out), undated
  // first, then newest first (oldest first for an ascending date sort), cut into batches of
  // about batchPages pages. A 文号 query (〔2018〕) searches the shards with 文号 of that year first.
  // Shards cover disjoint date ranges, so a date-sorted list is exact batch after batch; shards
  // whose ranges overlap (sites joined by gongkai assemble) go into one batch.
  var DOC_YEAR = /[〔\[［(（【„]\s*((?:19|20)\d\d)\s*[〕\]］)）】‟]/;  // 〔2018〕, also without the number
  function docYear(queryText) {
    var m = (queryText || "").normalize("NFKC").match(DOC_YEAR);
    return m ? m[1] : "";
  }
  function holdsAny(list, wanted) {
    return !list || wanted.some(function (v) { return list.indexOf(v) >= 0; });
  }
  function shardBatches(st, queryText, filters, sort) {
    var years = filters.year && filters.year.any, agencies = filters.agency && filters.agency.any;
    var scope = st.shards.filter(function (s) {
      return (!years || holdsAny(s.years, years)) && (!agencies || holdsAny(s.agencies, agencies));
    });
    var asc = sort === "asc";
    var key = function (s) { return (asc ? s.from : s.to) || ""; };
    scope.sort(function (a, b) {
      if (!key(a) || !key(b)) return (key(a) ? 1 : 0) - (key(b) ? 1 : 0);  // undated first
      return asc ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a));
    });
    var year = sort ? "" : docYear(queryText);
    var first = year ? scope.filter(function (s) { return s.docyears && s.docyears.indexOf(year) >= 0; }) : [];
    if (first.length) scope = first.concat(scope.filter(function (s) { return first.indexOf(s) < 0; }));
    var batches = [], batch = [], pages = 0, low = null, high = null, budget = st.batchPages;
    scope.forEach(function (s, i) {
      var overlaps = sort && s.from && low !== null && (asc ? s.from < high : s.to > low);
      // the budget counts dated pages (the small undated shard rides with the first batch); a
      // batch under half the budget takes the next shard even past it; each further batch may
      // be twice as large, so that a few steps reach the oldest files of a large site
      var full = (s.from && pages >= budget / 2 && pages + (s.pages || 0) > budget) ||
        (first.length && i === first.length);
      if (batch.length && full && !overlaps) {
        batches.push(batch); batch = []; pages = 0; low = high = null; budget *= 2;
      }
      batch.push(s);
      if (s.from) pages += s.pages || 0;
      if (s.from) {
        low = low === null || s.from < low ? s.from : low;
        high = high === null || s.to > high ? s.to : high;
      }
    });
    if (batch.length) batches.push(batch);
    batches.preferred = first.length > 0;  // reordered: "earlier" would not describe the rest
    return batches;
  }

  // --- one search: exact, grams and plain, merged ----------------------------------------------
  function item(result, source) {
    var cached = null;
    return {
      id: result.id, score: result.score, source: source,
      data: function () { return cached || (cached = result.data()); },
    };
  }

  function mergeCounts(responses) {
    var counts = {};
    responses.forEach(function (r) {
      if (!r || !r.filters) return;
      Object.keys(r.filters).forEach(function (key) {
        if (key.charAt(0) === "_") return;
        var into = counts[key] || (counts[key] = {});
        var values = r.filters[key];
        // the union's count is at least the larger one; exact when one result set holds the
        // other, which is the usual case (a whole word: grams ⊂ plain; a fragment: plain ⊂ grams)
        Object.keys(values).forEach(function (v) { into[v] = Math.max(into[v] || 0, values[v]); });
      });
    });
    return counts;
  }

  async function searchAll(pf, words, options) {
    var run = function (term) { return term === undefined ? Promise.resolve(null) : pf.search(term, options); };
    return Promise.all([run(words.exact), run(words.grams), run(words.plain)]);
  }

  function shapeQuery(query, filters) {
    var q = (query || "").normalize("NFKC").trim();
    var hasFilters = filters && Object.keys(filters).length > 0;
    if (!q) return hasFilters ? { plain: null } : null;
    var words = { plain: q };
    var exact = exactWords(q);
    if (exact) words.exact = exact;
    var grams = gramWords(q);
    if (grams) words.grams = grams;
    return words;
  }

  function rankByRelevance(responses) {
    var exact = responses[0], grams = responses[1], plain = responses[2];
    var seen = new Set(), ordered = [];
    var push = function (r, source, inTitle) {
      if (seen.has(r.id)) return;
      seen.add(r.id);
      var it = item(r, source);
      it.title = !!inTitle;
      ordered.push(it);
    };
    if (exact) exact.results.forEach(function (r) { push(r, "exact"); });
    var plainScore = new Map();
    if (plain) plain.results.forEach(function (r) { plainScore.set(r.id, r.score); });
    if (grams) {
      // pages whose title holds the query: ranked by Pagefind's full-text score where it has one
      grams.results.slice().sort(function (a, b) {
        var pa = plainScore.has(a.id) ? plainScore.get(a.id) : -1;
        var pb = plainScore.has(b.id) ? plainScore.get(b.id) : -1;
        return pb - pa || b.score - a.score;
      }).forEach(function (r) { push(r, plainScore.has(r.id) ? "plain" : "grams", true); });
    }
    if (plain) plain.results.forEach(function (r) { push(r, "plain"); });
    return ordered;
  }

  function unionByScore(responses) {
    // within one shard, a sorted search's score is the page's position in that shard's order
    var seen = new Map();
    responses.forEach(function (resp, i) {
      if (!resp) return;
      resp.results.forEach(function (r) {
        if (!seen.has(r.id)) seen.set(r.id, item(r, ["exact", "grams", "plain"][i]));
        if (i === 1) seen.get(r.id).title = true;
      });
    });
    return Array.from(seen.values()).sort(function (a, b) { return b.score - a.score; });
  }

  // k-way merge of shard lists already in date order: loads the data of list heads only
  function lazyDateMerge(lists, direction) {
    var heads = lists.map(function () { return 0; });
    var merged = [];
    var total = lists.reduce(function (n, l) { return n + l.length; }, 0);
    async function take(count) {
      while (merged.length < Math.min(count, total)) {
        var best = -1, bestKey = null;
        for (var i = 0; i < lists.length; i++) {
          if (heads[i] >= lists[i].length) continue;
          var d = await lists[i][heads[i]].data();
          var key = ((d.meta && d.meta.date) || "0000-00-00") + "\u0000" + d.url;
          if (best < 0 || (direction === "asc" ? key < bestKey : key > bestKey)) { best = i; bestKey = key; }
        }
        merged.push(lists[best][heads[best]]);
        heads[best]++;
      }
      return merged.slice(0, count);
    }
    return { total: total, take: take };
  }

  // One search over the given shards (all of them merged when the index is not sharded).
  async function searchShards(st, words, filters, sort, shards) {
    var pf = st.pf;
    await ensureLoaded(st, shards);
    var scoped = function (names) {
      return st.shards.length > 1 ? Object.assign({}, filters, { _shard: { any: names } }) : filters;
    };
    var names = shards.map(function (s) { return s.name; });
    if (!sort) {
      var responses = await searchAll(pf, words, { filters: scoped(names) });
      var ordered = rankByRelevance(responses);
      return { total: ordered.length, counts: mergeCounts(responses),
               take: async function (n) { return ordered.slice(0, n); } };
    }
    var order = { date: sort === "asc" ? "asc" : "desc" };
    if (names.length === 1) {
      var single = await searchAll(pf, words, { filters: scoped(names), sort: order });
      var list = unionByScore(single);
      return { total: list.length, counts: mergeCounts(single),
               take: async function (n) { return list.slice(0, n); } };
    }
    var perShard = await Promise.all(names.map(function (name) {
      return searchAll(pf, words, { filters: scoped([name]), sort: order });
    }));
    var whole = await searchAll(pf, words, { filters: scoped(names) });
    var merged = lazyDateMerge(perShard.map(unionByScore), order.date);
    merged.counts = mergeCounts(whole);
    return merged;
  }

  var NOTHING = { total: 0, take: async function () { return []; }, counts: {} };

  // A search through the first `upTo` batches (all of them when upTo is not given).
  async function query(queryText, opts, upTo) {
    opts = opts || {};
    var filters = opts.filters || {};
    var words = shapeQuery(queryText, filters);
    var st = await open();
    if (!words || !st.pf) return Object.assign({ batches: [], searched: [] }, NOTHING);
    var batches = shardBatches(st, queryText, filters, opts.sort);
    var searched = [].concat.apply([], batches.slice(0, upTo === undefined ? batches.length : upTo));
    var found = searched.length ? await searchShards(st, words, filters, opts.sort, searched) : NOTHING;
    return Object.assign({}, found, { batches: batches, searched: searched });
  }

  // --- results as the contract gives them ---------------------------------------------------
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function ownExcerpt(content, queryText) {
    var text = (content || "").replace(/\u200b/g, "");
    var needles = [(queryText || "").normalize("NFKC").replace(/\s+/g, "")].concat(wordRuns(queryText || ""));
    for (var i = 0; i < needles.length; i++) {
      var n = needles[i];
      var at = n ? text.indexOf(n) : -1;
      if (at >= 0) {
        var start = Math.max(0, at - 30), end = Math.min(text.length, at + n.length + 50);
        return (start > 0 ? "…" : "") + escapeHtml(text.slice(start, at)) + "<mark>" + escapeHtml(n) +
          "</mark>" + escapeHtml(text.slice(at + n.length, end)) + (end < text.length ? "…" : "");
      }
    }
    return escapeHtml(text.slice(0, 80)) + (text.length > 80 ? "…" : "");
  }

  async function present(entry, queryText) {
    var d = await entry.data();
    var meta = {};
    Object.keys(d.meta || {}).forEach(function (k) { if (HIDDEN_META.indexOf(k) < 0) meta[k] = d.meta[k]; });
    var excerpt = entry.source === "plain" && /<mark>/.test(d.excerpt || "") ? d.excerpt : ownExcerpt(d.content, queryText);
    // match: how the page was found ("exact" 文号/索引号, "title" holds the query, "text")
    var match = entry.source === "exact" ? "exact" : (entry.source === "plain" ? "text" : "title");
    if (entry.title) match = "title";
    return { url: d.url, title: meta.title || d.url, excerpt: excerpt, meta: meta, match: match };
  }

  async function gongkaiSearch(queryText, opts) {
    opts = opts || {};
    var found = await query(queryText, opts);
    var entries = await found.take(opts.limit || 100);
    return Promise.all(entries.map(function (e) { return present(e, queryText); }));
  }
  window.gongkaiSearch = gongkaiSearch;
  window.gongkaiSearch.words = function (q) {  // for the tests: the words a query becomes
    return { exact: exactWords(q), grams: gramWords(q) };
  };

  // --- the search page --------------------------------------------------------------------------
  var EN = /^en/i.test(document.documentElement.lang || "");
  var TEXT = EN ? {
    found: function (n) { return n + (n === 1 ? " result" : " results"); },
    none: "No results. Try fewer or different words, or browse the catalogue.",
    searching: "Searching…", failed: "Search is not available right now.",
    facets: { type: "Type", agency: "Agency", topic: "Topic", year: "Year", genre: "Genre" },
    month: function (d) { return d.slice(0, 7); },
    scope: function (range, n, all) {
      return "Searched so far: " + (range ? "the " + n + " documents published " + range : n + " documents") +
        ", of " + all + ". Results and filter counts cover these only.";
    },
    range: function (a, b) { return a === b ? "in " + a : "from " + a + " to " + b; },
    earlier: "Search earlier documents", later: "Search later documents", rest: "Search the other documents",
  } : {
    found: function (n) { return "找到 " + n + " 条结果"; },
    none: "没有找到结果。可以减少或更换关键词，或浏览信息公开目录。",
    searching: "正在搜索…", failed: "搜索暂时不可用。",
    facets: { type: "类型", agency: "机构", topic: "主题", year: "年份", genre: "体裁" },
    month: function (d) { return Number(d.slice(0, 4)) + "年" + Number(d.slice(5, 7)) + "月"; },
    scope: function (range, n, all) {
      return "目前已检索" + (range ? range + "发布的 " : " ") + n + " 份文件（共 " + all +
        " 份），结果和筛选计数仅限于此。";
    },
    range: function (a, b) { return a === b ? a : a + "至" + b; },
    earlier: "检索更早的文件", later: "检索更晚的文件", rest: "检索其余文件",
  };
  var FACETS = ["type", "agency", "topic", "year", "genre"];

  function setupPage() {
    var form = document.getElementById("gk-search-form");
    if (!form) return;
    var input = form.querySelector("[name=q]");
    var sortSelect = form.querySelector("[name=sort]");
    var facetBox = document.getElementById("gk-facets");
    var status = document.getElementById("gk-status");
    var list = document.getElementById("gk-results");
    var more = document.getElementById("gk-more");
    var scopeLine = document.getElementById("gk-scope");
    var scopeButton = document.getElementById("gk-wider");
    var moreLabel = more.textContent;
    var current = null, shown = 0, searchId = 0, upTo = 1, filtersLoadedFor = 0;
    var filterBox = document.getElementById("gk-filters");
    // on a phone the filters start folded, so the results come first on screen
    if (filterBox && window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches) filterBox.open = false;
    var params = new URLSearchParams(location.search);
    var chosen = {};
    FACETS.forEach(function (f) { chosen[f] = params.getAll(f); });
    input.value = params.get("q") || "";
    if (sortSelect) sortSelect.value = params.get("sort") || "";

    function filters() {
      var out = {};
      FACETS.forEach(function (f) { if (chosen[f].length) out[f] = { any: chosen[f].slice() }; });
      return out;
    }

    function renderFacets(counts) {
      facetBox.textContent = "";
      FACETS.forEach(function (f) {
        var values = Object.keys(counts[f] || {}).filter(function (v) { return counts[f][v] > 0; });
        chosen[f].forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
        if (!values.length) return;
        values.sort(f === "year" ? function (a, b) { return b.localeCompare(a); }
                                 : function (a, b) { return (counts[f][b] || 0) - (counts[f][a] || 0) || a.localeCompare(b, "zh"); });
        var set = document.createElement("fieldset");
        set.className = "gk-facet";
        var legend = document.createElement("legend");
        legend.textContent = TEXT.facets[f];
        set.appendChild(legend);
        values.forEach(function (v) {
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox"; box.name = f; box.value = v;
          box.checked = chosen[f].indexOf(v) >= 0;
          box.addEventListener("change", function () {
            chosen[f] = Array.from(facetBox.querySelectorAll("input[name='" + f + "']:checked")).map(function (b) { return b.value; });
            run();
          });
          var count = document.createElement("span");
          count.className = "gk-count";
          count.textContent = String((counts[f] && counts[f][v]) || 0);
          label.appendChild(box);
          label.appendChild(document.createTextNode(v));
          label.appendChild(count);
          set.appendChild(label);
        });
        facetBox.appendChild(set);
      });
    }

    function renderItem(r) {
      var li = document.createElement("li");
      li.className = "gk-result";
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = r.url; a.textContent = r.title;
      h.appendChild(a);
      li.appendChild(h);
      var facts = [r.meta.agency, r.meta.date, r.meta.doc_no].filter(Boolean);
      if (facts.length) {
        var p = document.createElement("p");
        p.className = "gk-result-meta";
        p.textContent = facts.join(" · ");
        li.appendChild(p);
      }
      var ex = document.createElement("p");
      ex.className = "gk-excerpt";
      ex.innerHTML = r.excerpt;  // Pagefind's excerpt or ours: HTML-escaped text with <mark> only
      li.appendChild(ex);
      return li;
    }

    // What has been searched: the shards of the first `upTo` batches (all when the list says so).
    function describeScope(found) {
      var dated = found.searched.filter(function (s) { return s.from; });
      var inScope = [].concat.apply([], found.batches);
      var count = function (list) { return list.reduce(function (n, s) { return n + (s.pages || 0); }, 0); };
      if (found.searched.length >= inScope.length) return "";
      var from = dated.map(function (s) { return s.from; }).sort()[0];
      var to = dated.map(function (s) { return s.to; }).sort().pop();
      var range = from ? TEXT.range(TEXT.month(from), TEXT.month(to)) : "";
      return TEXT.scope(range, count(found.searched).toLocaleString(), count(inScope).toLocaleString());
    }

    function wider() {  // the label of the button that searches the next batch
      var next = current.batches[upTo] || [];
      if (current.batches.preferred || !next.some(function (s) { return s.from; })) return TEXT.rest;
      return sortSelect && sortSelect.value === "asc" ? TEXT.later : TEXT.earlier;
    }

    function onMore() {
      if (shown >= current.total && upTo < current.batches.length) widen();
      else showMore(searchId);
    }

    async function showMore(id) {
      var entries = await current.take(shown + PAGE_SIZE);
      var fresh = await Promise.all(entries.slice(shown).map(function (e) { return present(e, input.value); }));
      if (id !== searchId) return;
      fresh.forEach(function (r) { list.appendChild(renderItem(r)); });
      shown = entries.length;
      var more_batches = upTo < current.batches.length;
      more.hidden = shown >= current.total && !more_batches;
      more.textContent = shown >= current.total ? wider() : moreLabel;
    }

    function updateUrl() {
      var p = new URLSearchParams();
      if (input.value.trim()) p.set("q", input.value.trim());
      if (sortSelect && sortSelect.value) p.set("sort", sortSelect.value);
      FACETS.forEach(function (f) { chosen[f].forEach(function (v) { p.append(f, v); }); });
      var qs = p.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    }

    // A new search starts with the first batch; with no result at all it goes on by itself
    // (a few batches at most: the reader is told what was searched and asks for the rest).
    async function run() {
      upTo = 1;
      await search(PAGE_SIZE, true);
    }

    async function widen() {
      upTo += 1;
      await search(Math.max(shown, PAGE_SIZE), false);
    }

    async function search(showing, fresh) {
      var id = ++searchId;
      if (fresh) updateUrl();
      status.textContent = TEXT.searching;
      more.hidden = true;
      try {
        var options = { filters: filters(), sort: sortSelect ? sortSelect.value : "" };
        current = await query(input.value, options, upTo);
        while (fresh && !current.total && upTo < Math.min(current.batches.length, AUTO_BATCHES)) {
          upTo += 1;
          current = await query(input.value, options, upTo);
        }
        if (id !== searchId) return;
        list.textContent = "";
        shown = 0;
        status.textContent = current.total ? TEXT.found(current.total) : (input.value.trim() ? TEXT.none : "");
        scopeLine.textContent = describeScope(current);
        scopeButton.textContent = upTo < current.batches.length ? wider() : "";
        scopeButton.hidden = upTo >= current.batches.length;
        while (shown < showing && shown < current.total) {
          var before = shown;
          await showMore(id);
          if (id !== searchId || shown === before) break;
        }
        if (!current.total) await showMore(id);  // sets the button: nothing more, or a wider search
        if (id !== searchId) return;
        // results first; the filter counts need every filter file of the shards searched, so
        // they are fetched after the results are on screen
        performance.mark("gk-results-shown");
        document.body.setAttribute("data-results-shown", String(id));
        var st = await open();
        var counts = current.counts;
        if (filtersLoadedFor !== st.merged.size) {  // shards merged since the filter files were read
          filtersLoadedFor = st.merged.size;
          await loadFilters(st);
          counts = (await query(input.value, options, upTo)).counts;
          if (id !== searchId) return;
        }
        renderFacets(counts);
        document.body.setAttribute("data-search-done", String(id));
      } catch (err) {
        status.textContent = TEXT.failed;
        throw err;
      }
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    if (sortSelect) sortSelect.addEventListener("change", run);
    more.addEventListener("click", onMore);
    scopeButton.addEventListener("click", function () { widen(); });
    input.addEventListener("focus", function () { open(); }, { once: true });
    if (input.value.trim() || Object.keys(filters()).length) run();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
  else setupPage();
})();
