/* Gongkai site search: a small interface on Pagefind's JavaScript API.
 *
 * window.gongkaiSearch(query, {filters, sort, limit}) resolves to the results best first,
 * [{url, title, excerpt, meta}] (the first `limit`, default 100): the search contract of
 * docs/design.md#search that the search page and the browser tests both use.
 *
 * Two indexes answer a query (docs/search.md):
 *  - the lookup index (lookup/, generator/search/lookup.py): 文号, 索引号 and title characters
 *    of the whole catalog, a few small files per query: its documents come first;
 *  - Pagefind (pagefind/, generator/search/index.py): the full text, ranked by Pagefind.
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
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  var PAGE_SIZE = 10;
  var AUTO_BATCHES = 3;  // a search with no result goes on by itself through this many batches

  // --- loading Pagefind and its shards -------------------------------------------------------
  var COMMON = {
    baseUrl: ROOT.pathname,
    excerptLength: 36,
    ranking: { metaWeights: { title: 5 } },
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

  // --- one full-text search ---------------------------------------------------------------------
  function item(result) {
    var cached = null;
    return {
      id: result.id, score: result.score,
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
        Object.keys(r.filters[key]).forEach(function (v) { into[v] = Math.max(into[v] || 0, r.filters[key][v]); });
      });
    });
    return counts;
  }

  async function searchAll(pf, words, options) {
    return [await pf.search(words.plain, options)];
  }

  function shapeQuery(query, filters) {
    var q = (query || "").normalize("NFKC").trim();
    var hasFilters = filters && Object.keys(filters).length > 0;
    if (!q) return hasFilters ? { plain: null } : null;
    return { plain: q };
  }

  function rankByRelevance(responses) {
    return responses[0] ? responses[0].results.map(item) : [];
  }

  function unionByScore(responses) {
    // within one shard, a sorted search's score is the page's position in that shard's order
    return rankByRelevance(responses).sort(function (a, b) { return b.score - a.score; });
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

  // --- the lookup index: titles, 文号 and 索引号 of the whole catalog ----------------------------
  // Written by generator/search/lookup.py (its docstring describes the files). Documents are
  // numbered newest first, so an ascending list of numbers is a list in date order.
  var LOOKUP_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  var KEY_NOISE = /[\s()\[\]【】〔〕﹝﹞〖〗„‟“”"［］（）《》<>'\-]/g;
  var KEY_YEAR = /((?:19|20)\d\d)年?(?:字?第)?0*(\d+号)/g;
  var DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63]/g;
  var lookupFiles = new Map();

  function lookupFile(rel, json) {
    if (!lookupFiles.has(rel)) {
      lookupFiles.set(rel, fetch(new URL("lookup/" + rel, ROOT)).then(function (r) {
        if (r.status === 404) return json ? null : "";
        if (!r.ok) throw new Error("lookup index: " + rel + " " + r.status);
        return json ? r.json() : r.text();
      }));
    }
    return lookupFiles.get(rel);
  }
  function lookupMeta() { return lookupFile("meta.json", true); }

  // the same key as generator/model/identifiers.py doc_no_key
  function docKey(text) {
    var value = (text || "").normalize("NFKC").toLowerCase().replace(DASHES, "-");
    value = value.replace(KEY_NOISE, "").replace(KEY_YEAR, "$1$2");
    return value.replace(/第0*(\d+号)$/, "$1");
  }
  function lookupRuns(text) {  // generator/search/lookup.py word_runs
    var runs = [], current = "";
    for (var ch of (text || "").normalize("NFKC").toLowerCase()) {
      if (/[\p{L}\p{N}]/u.test(ch)) current += ch;
      else if (current) { runs.push(current); current = ""; }
    }
    if (current) runs.push(current);
    return runs;
  }
  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var ch of text) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h;
  }
  function fromGaps(text) {
    var out = [], last = -1;
    if (!text) return out;
    text.split(",").forEach(function (g) { last += parseInt(g, 36); out.push(last); });
    return out;
  }
  var parsedBuckets = new Map();
  async function bucketLines(rel) {
    if (!parsedBuckets.has(rel)) {
      parsedBuckets.set(rel, lookupFile(rel).then(function (text) {
        var lines = new Map();
        text.split("\n").forEach(function (line) {
          var tab = line.indexOf("\t");
          if (tab > 0) lines.set(line.slice(0, tab), line.slice(tab + 1));
        });
        return lines;
      }));
    }
    return parsedBuckets.get(rel);
  }
  async function postings(meta, gram) {
    var lines = await bucketLines("p/" + (fnv1a(gram) % meta.buckets) + ".txt");
    return lines.has(gram) ? fromGaps(lines.get(gram)) : [];
  }
  async function exactIds(meta, key) {
    var lines = await bucketLines("k/" + (fnv1a(key) % meta.key_buckets) + ".txt");
    var parts = (lines.get(key) || "\t").split("\t");
    return { bearers: fromGaps(parts[0]), cited: fromGaps(parts[1]) };
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  // The grams a run is looked up by: one character alone; else its pairs, and for a long run
  // every other pair and the last (fewer files; the titles are checked when their rows come).
  function runGrams(run) {
    var chars = Array.from(run);
    if (chars.length === 1) return [run];
    var grams = [];
    var step = chars.length > 6 ? 2 : 1;
    for (var i = 0; i + 1 < chars.length; i += step) grams.push(chars[i] + chars[i + 1]);
    var last = chars[chars.length - 2] + chars[chars.length - 1];
    if (grams.indexOf(last) < 0) grams.push(last);
    return grams;
  }
  async function titleIds(meta, runs) {
    var grams = [];
    runs.forEach(function (run) { runGrams(run).forEach(function (g) { if (grams.indexOf(g) < 0) grams.push(g); }); });
    if (!grams.length) return [];
    var lists = await Promise.all(grams.map(function (g) { return postings(meta, g); }));
    lists.sort(function (a, b) { return a.length - b.length; });
    return lists.reduce(function (acc, list) { return intersect(acc, list); });
  }
  var t2sMap = null;
  async function toSimplified(text) {
    if (!t2sMap) t2sMap = (await lookupFile("t2s.json", true)) || {};
    return Array.from(text).map(function (ch) { return t2sMap[ch] || ch; }).join("");
  }

  // A lookup: the documents bearing the query as a 文号 or 索引号, the pages citing it, and the
  // documents whose title holds every run of the query (candidates: rows confirm them). A query
  // that finds nothing as typed is tried again in simplified characters.
  async function lookup(queryText) {
    var meta = await lookupMeta();
    var text = (queryText || "").normalize("NFKC").trim();
    var empty = { bearers: [], cited: [], title: [], runs: [], text: text, docs: meta ? meta.docs : 0 };
    if (!meta || !text) return empty;
    async function once(q) {
      var runs = lookupRuns(q), key = /\d/.test(q) ? docKey(q) : "";
      var exact = key ? await exactIds(meta, key) : { bearers: [], cited: [] };
      // a 文号 or 索引号 that a document bears: no title holds it, its grams need not be fetched
      var title = exact.bearers.length ? [] : await titleIds(meta, runs);
      return { bearers: exact.bearers, cited: exact.cited, title: title, runs: runs, text: q, docs: meta.docs };
    }
    var result = await once(text);
    if (!result.bearers.length && !result.title.length && CJK.test(text)) {
      var simple = await toSimplified(text);
      if (simple !== text) result = await once(simple);
    }
    return result;
  }

  async function lookupRow(meta, id) {
    var rows = await lookupFile("r/" + Math.floor(id / meta.rows_per_file) + ".json", true);
    var r = rows[id % meta.rows_per_file];
    return { id: id, url: r[0], title: r[1], date: r[2], doc_no: r[3], agency: r[4], excerpt: r[5] };
  }
  function titleHolds(title, runs) {
    var own = lookupRuns(title);
    return runs.every(function (run) { return own.some(function (t) { return t.indexOf(run) >= 0; }); });
  }

  // Filter columns and dates, loaded when a filter, a date range or date order needs them.
  var columns = new Map();
  async function facetColumn(name) {
    if (!columns.has(name)) {
      columns.set(name, lookupFile("f/" + name + ".json", true).then(function (c) {
        var codes = new Uint16Array(c.column.length / c.width);
        for (var i = 0; i < codes.length; i++) {
          var v = 0;
          for (var k = 0; k < c.width; k++) v = v * LOOKUP_ALPHABET.length + LOOKUP_ALPHABET.indexOf(c.column[i * c.width + k]);
          codes[i] = v;
        }
        return { values: c.values, codes: codes };
      }));
    }
    return columns.get(name);
  }
  var datesOf = null;
  async function lookupDates() {
    if (!datesOf) {
      datesOf = lookupFile("dates.json", true).then(function (runs) {
        var out = [];
        runs.forEach(function (run) { for (var i = 0; i < run[1]; i++) out.push(run[0]); });
        return out;
      });
    }
    return datesOf;
  }
  // ids kept by the filters ({facet: {any: [...]}}) and the date range ("YYYY-MM-DD" or "")
  async function filterIds(ids, filters, from, to) {
    var names = Object.keys(filters || {}).filter(function (f) { return f.charAt(0) !== "_" && filters[f].any.length; });
    var tests = await Promise.all(names.map(async function (f) {
      var col = await facetColumn(f);
      var wanted = new Set(filters[f].any.map(function (v) { return col.values.indexOf(v) + 1; }));
      return function (id) { return wanted.has(col.codes[id]); };
    }));
    if (from || to) {
      var dates = await lookupDates();
      tests.push(function (id) { var d = dates[id]; return !!d && (!from || d >= from) && (!to || d <= to); });
    }
    if (!tests.length) return ids;
    return ids.filter(function (id) { return tests.every(function (t) { return t(id); }); });
  }
  async function lookupCounts(ids, facets) {
    var counts = {};
    await Promise.all(facets.map(async function (f) {
      var col = await facetColumn(f), into = counts[f] = {};
      ids.forEach(function (id) {
        var v = col.values[col.codes[id] - 1];
        if (v) into[v] = (into[v] || 0) + 1;
      });
    }));
    return counts;
  }

  // --- results as the contract gives them ---------------------------------------------------
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function ownExcerpt(content, queryText) {
    var text = (content || "").replace(/\u200b/g, "");
    var needles = [(queryText || "").normalize("NFKC").replace(/\s+/g, "")].concat(lookupRuns(queryText || ""));
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
    var meta = Object.assign({}, d.meta || {});
    // Pagefind's excerpt where it marks the query, else one cut around the query in the text
    var excerpt = /<mark>/.test(d.excerpt || "") ? d.excerpt : ownExcerpt(d.content, queryText);
    return { url: d.url, title: meta.title || d.url, excerpt: excerpt, meta: meta, match: "text" };
  }


  // --- one search: lookups over the whole catalog, then full text ----------------------------
  function highlight(text, queryText, runs) {
    var needles = [(queryText || "").normalize("NFKC").replace(/\s+/g, "")].concat(runs || []);
    for (var i = 0; i < needles.length; i++) {
      var at = needles[i] ? text.indexOf(needles[i]) : -1;
      if (at >= 0) {
        return escapeHtml(text.slice(0, at)) + "<mark>" + escapeHtml(needles[i]) + "</mark>" +
          escapeHtml(text.slice(at + needles[i].length));
      }
    }
    return escapeHtml(text);
  }
  function presentRow(row, match, found) {
    var meta = { title: row.title, date: row.date, agency: row.agency, doc_no: row.doc_no };
    Object.keys(meta).forEach(function (k) { if (!meta[k]) delete meta[k]; });
    return { url: new URL(row.url, ROOT).pathname, title: row.title, meta: meta, match: match,
             excerpt: highlight(row.excerpt || "", found.text, found.runs) + (row.excerpt ? "…" : "") };
  }

  // The lookup's documents as a source of results: `order` lists the numbers (bearers of the
  // 文号 first, then pages citing it, then titles) or, sorted by date, all of them in date order.
  // A title candidate whose row shows that its title does not hold the query is skipped.
  function lookupSource(meta, found, ids, matchOf) {
    var at = 0;
    return {
      next: async function () {
        while (at < ids.length) {
          var ahead = ids.slice(at, at + 10);  // rows of the next results come in parallel
          ahead.forEach(function (id) { lookupRow(meta, id); });
          var id = ids[at++], row = await lookupRow(meta, id), match = matchOf(id);
          if (match === "title" && !titleHolds(row.title, found.runs)) continue;
          return { key: row.date || "", url: new URL(row.url, ROOT).pathname, result: presentRow(row, match, found) };
        }
        return null;
      },
      more: function () { return at < ids.length; },  // without fetching a row: a title may still fail
    };
  }
  function fullTextSource(fullText, queryText, from, to) {
    var taken = [], at = 0, block = 0;
    return {
      next: async function () {
        while (true) {
          if (at >= taken.length) {
            if (block >= fullText.total) return null;
            block = Math.min(fullText.total, block + PAGE_SIZE);
            taken = await fullText.take(block);
          }
          var result = await present(taken[at++], queryText);
          var date = (result.meta && result.meta.date) || "";
          if ((from || to) && (!date || (from && date < from) || (to && date > to))) continue;
          return { key: date, url: new URL(result.url, location.href).pathname, result: result };
        }
      },
      more: function () { return at < taken.length || block < fullText.total; },
    };
  }
  // Several sources as one list: one after the other (relevance), or merged by date; a page
  // that two sources hold is shown once (the lookup's comes first: it is listed first).
  function mergedList(sources, sort) {
    var heads = sources.map(function () { return undefined; }), seen = new Set(), out = [], done = false;
    async function head(k) {
      if (heads[k] === undefined) heads[k] = await sources[k].next();
      return heads[k];
    }
    return {
      take: async function (count) {
        while (!done && out.length < count) {
          var pick = -1, best = null;
          for (var k = 0; k < sources.length; k++) {
            var h = await head(k);
            if (!h) continue;
            if (!sort) { pick = k; best = h; break; }
            if (pick < 0 || (sort === "asc" ? h.key < best.key : h.key > best.key)) { pick = k; best = h; }
          }
          if (pick < 0) { done = true; break; }
          heads[pick] = undefined;
          if (seen.has(best.url)) continue;
          seen.add(best.url);
          out.push(best.result);
        }
        return out.slice(0, count);
      },
      // whether a next page may exist, without presenting its first result (a fragment to fetch)
      more: function () {
        return !done && (heads.some(function (h) { return h; }) || sources.some(function (src) { return src.more(); }));
      },
    };
  }

  // The lookup part of a search: {found, ids (filtered, in order), count, matchOf, meta}.
  // No query: every document (browsing), newest first.
  async function lookupPart(queryText, opts) {
    var meta = await lookupMeta();
    if (!meta) return { ids: [], count: 0, found: { runs: [], text: "" }, matchOf: function () { return "title"; } };
    var found = queryText && queryText.trim() ? await lookup(queryText) : null;
    var ids, matchOf;
    if (!found) {
      ids = Array.from({ length: meta.docs }, function (_, i) { return i; });
      found = { runs: [], text: "" };
      matchOf = function () { return "browse"; };
    } else {
      var bearers = new Set(found.bearers), cited = new Set(found.cited);
      var title = found.title;
      matchOf = function (id) { return bearers.has(id) ? "exact" : cited.has(id) ? "cited" : "title"; };
      if (opts.sort) {
        ids = Array.from(new Set(found.bearers.concat(found.cited, title))).sort(function (a, b) { return a - b; });
      } else {
        ids = found.bearers.concat(found.cited.filter(function (id) { return !bearers.has(id); }),
                                   title.filter(function (id) { return !bearers.has(id) && !cited.has(id); }));
      }
    }
    ids = await filterIds(ids, opts.filters, opts.from, opts.to);
    if (opts.sort === "asc") ids = ids.slice().reverse();
    return { meta: meta, found: found, ids: ids, count: ids.length, matchOf: matchOf };
  }

  function pagefindFilters(opts) {
    var out = {};
    Object.keys(opts.filters || {}).forEach(function (f) { out[f] = opts.filters[f]; });
    if (opts.from || opts.to) {  // whole years in Pagefind, the days when the results are shown
      var years = [], first = Number((opts.from || "1900").slice(0, 4)), last = Number((opts.to || "2999").slice(0, 4));
      for (var y = Math.max(first, 1990); y <= Math.min(last, new Date().getFullYear() + 1); y++) years.push(String(y));
      if (!out.year) out.year = { any: years };
    }
    return out;
  }

  async function gongkaiSearch(queryText, opts) {
    opts = opts || {};
    var filters = opts.filters || {};
    Object.keys(filters).forEach(function (f) {  // {agency: "x"} or {agency: {any: [...]}}
      if (typeof filters[f] === "string") filters[f] = { any: [filters[f]] };
      else if (Array.isArray(filters[f])) filters[f] = { any: filters[f] };
    });
    opts = Object.assign({}, opts, { filters: filters });
    var part = await lookupPart(queryText, opts);
    var sources = [lookupSource(part.meta, part.found, part.ids, part.matchOf)];
    if (queryText && queryText.trim() && opts.scope !== "title") {
      var simple = part.found.text || queryText;
      var fullText = await query(simple, { filters: pagefindFilters(opts), sort: opts.sort });
      sources.push(fullTextSource(fullText, simple, opts.from, opts.to));
    }
    return mergedList(sources, opts.sort).take(opts.limit || 100);
  }
  window.gongkaiSearch = gongkaiSearch;
  window.gongkaiSearch.words = function (q) {  // for the tests: the words a query becomes
    var text = (q || "").normalize("NFKC");
    return { key: /\d/.test(text) ? docKey(text) : "", runs: lookupRuns(q) };
  };

  // --- the search page --------------------------------------------------------------------------
  var EN = /^en/i.test(document.documentElement.lang || "");
  var TEXT = EN ? {
    lookup: function (n, all) { return n + (n === 1 ? " document" : " documents") + " by title, document number or index number (all " + all + " searched)"; },
    browse: function (n) { return n + (n === 1 ? " document" : " documents") + ", newest first"; },
    fullText: function (n) { return "; full text: " + n + (n === 1 ? " result" : " results"); },
    fullTextRunning: "; searching the full text…",
    fullTextLater: "; full text not searched yet", searchFullText: "Search the full text too",
    searching: "Searching…", failed: "Search is not available right now.",
    facets: { agency: "Agency", topic: "Topic", genre: "Genre", year: "Year", validity: "Validity", type: "Type" },
    month: function (d) { return d.slice(0, 7); },
    date: function (d) { return d; },
    scope: function (range, n, all) {
      return "Full text searched so far: " + (range ? "the " + n + " documents published " + range : n + " documents") +
        ", of " + all + ".";
    },
    range: function (a, b) { return a === b ? "in " + a : "from " + a + " to " + b; },
    earlier: "Search earlier documents", later: "Search later documents", rest: "Search the other documents",
    match: { exact: "Document number", cited: "Cites it" },
  } : {
    lookup: function (n, all) { return "标题、文号、索引号匹配 " + n + " 条（已检索全部 " + all + " 份文件）"; },
    browse: function (n) { return "共 " + n + " 份文件，按日期从新到旧"; },
    fullText: function (n) { return "；全文匹配 " + n + " 条"; },
    fullTextRunning: "；正在检索全文…",
    fullTextLater: "；全文尚未检索", searchFullText: "同时检索全文",
    searching: "正在搜索…", failed: "搜索暂时不可用。",
    facets: { agency: "发文机关", topic: "主题", genre: "体裁", year: "年份", validity: "有效性", type: "类型" },
    month: function (d) { return Number(d.slice(0, 4)) + "年" + Number(d.slice(5, 7)) + "月"; },
    date: function (d) { return Number(d.slice(0, 4)) + "年" + Number(d.slice(5, 7)) + "月" + Number(d.slice(8, 10)) + "日"; },
    scope: function (range, n, all) {
      return "全文目前已检索" + (range ? range + "发布的 " : " ") + n + " 份文件（共 " + all + " 份）。";
    },
    range: function (a, b) { return a === b ? a : a + "至" + b; },
    earlier: "检索更早的文件", later: "检索更晚的文件", rest: "检索其余文件",
    match: { exact: "文号", cited: "引用该文号" },
  };
  var FACETS = ["agency", "topic", "genre", "year", "validity", "type"];

  function setupPage() {
    var form = document.getElementById("gk-search-form");
    if (!form) return;
    var $ = function (id) { return document.getElementById(id); };
    var input = form.querySelector("[name=q]");
    var sortSelect = $("gk-sort"), fromInput = $("gk-from"), toInput = $("gk-to");
    var facetBox = $("gk-facets"), status = $("gk-status"), list = $("gk-results"), more = $("gk-more");
    var scopeLine = $("gk-scope"), scopeButton = $("gk-wider"), none = $("gk-none");
    var side = $("gk-filters"), toggle = $("gk-filter-toggle");
    var current = null, shown = 0, searchId = 0, upTo = 1;
    var params = new URLSearchParams(location.search);
    var chosen = {};
    FACETS.forEach(function (f) { chosen[f] = params.getAll(f); });
    input.value = params.get("q") || "";
    sortSelect.value = params.get("sort") || "";
    fromInput.value = params.get("from") || "";
    toInput.value = params.get("to") || "";
    var scopeInput = form.querySelector("[name=scope][value='" + (params.get("scope") === "title" ? "title" : "all") + "']");
    if (scopeInput) scopeInput.checked = true;

    function options() {
      var filters = {};
      FACETS.forEach(function (f) { if (chosen[f].length) filters[f] = { any: chosen[f].slice() }; });
      var scope = form.querySelector("[name=scope]:checked");
      return { filters: filters, sort: sortSelect.value, from: fromInput.value, to: toInput.value,
               scope: scope ? scope.value : "all" };
    }

    var toggleLabel = toggle ? toggle.textContent : "";
    function updateUrl() {
      var p = new URLSearchParams(), o = options();
      var active = FACETS.reduce(function (n, f) { return n + chosen[f].length; }, 0) + (o.from ? 1 : 0) + (o.to ? 1 : 0);
      if (toggle) toggle.textContent = toggleLabel + (active ? (EN ? " (" + active + ")" : "（" + active + "）") : "");  // filters at work, even folded
      if (input.value.trim()) p.set("q", input.value.trim());
      if (o.scope === "title") p.set("scope", "title");
      if (o.sort) p.set("sort", o.sort);
      FACETS.forEach(function (f) { chosen[f].forEach(function (v) { p.append(f, v); }); });
      if (o.from) p.set("from", o.from);
      if (o.to) p.set("to", o.to);
      var qs = p.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    }

    // counts[f] undefined: not known (yet); the values come from the lookup index, without numbers
    function renderFacets(counts, meta) {
      facetBox.textContent = "";
      FACETS.forEach(function (f) {
        var known = !!counts[f];
        var values = known ? Object.keys(counts[f]).filter(function (v) { return counts[f][v] > 0; })
                           : ((meta && meta.facets && meta.facets[f]) || []).slice();
        chosen[f].forEach(function (v) { if (values.indexOf(v) < 0) values.push(v); });
        if (!values.length) return;
        var tally = counts[f] || {};
        values.sort(f === "year" ? function (a, b) { return b.localeCompare(a); }
                                 : function (a, b) { return (tally[b] || 0) - (tally[a] || 0) || a.localeCompare(b, "zh"); });
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
          label.appendChild(box);
          label.appendChild(document.createTextNode(v));
          if (known) {
            var count = document.createElement("span");
            count.className = "gk-count";
            count.textContent = String(counts[f][v] || 0);
            label.appendChild(count);
          }
          set.appendChild(label);
        });
        facetBox.appendChild(set);
      });
    }

    function renderItem(r) {
      var li = document.createElement("li");
      li.className = "gk-result";
      li.dataset.match = r.match;
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = r.url; a.textContent = r.title;
      h.appendChild(a);
      li.appendChild(h);
      var p = document.createElement("p");
      p.className = "gk-result-meta";
      if (r.meta.date) {
        var time = document.createElement("time");
        time.dateTime = r.meta.date; time.textContent = TEXT.date(r.meta.date);
        p.appendChild(time);
      }
      [r.meta.agency, r.meta.doc_no].filter(Boolean).forEach(function (v) {
        if (p.childNodes.length) p.appendChild(document.createTextNode(" · "));
        var span = document.createElement("span");
        span.textContent = v;
        if (v === r.meta.doc_no) {  // a 文号 is one token: never broken inside (docs/site-identity.md)
          span.className = "gk-id" + (r.match === "exact" ? " gk-hit" : "");
        }
        p.appendChild(span);
      });
      if (p.childNodes.length) li.appendChild(p);
      if (r.excerpt) {
        var ex = document.createElement("p");
        ex.className = "gk-excerpt";
        ex.innerHTML = r.excerpt;  // HTML-escaped text with <mark> only (highlight, Pagefind's excerpt)
        li.appendChild(ex);
      }
      return li;
    }

    // What the full text has been searched in: the shards of the first `upTo` batches.
    function describeScope(found) {
      var dated = found.searched.filter(function (s) { return s.from; });
      var inScope = [].concat.apply([], found.batches);
      var count = function (l) { return l.reduce(function (n, s) { return n + (s.pages || 0); }, 0); };
      if (found.searched.length >= inScope.length) return "";
      var from = dated.map(function (s) { return s.from; }).sort()[0];
      var to = dated.map(function (s) { return s.to; }).sort().pop();
      var range = from ? TEXT.range(TEXT.month(from), TEXT.month(to)) : "";
      return TEXT.scope(range, count(found.searched).toLocaleString(), count(inScope).toLocaleString());
    }
    function wider(fullText) {
      var next = fullText.batches[upTo] || [];
      if (fullText.batches.preferred || !next.some(function (s) { return s.from; })) return TEXT.rest;
      return sortSelect.value === "asc" ? TEXT.later : TEXT.earlier;
    }

    // Show the first `count` results of the current list (the list may have grown: redrawn whole).
    async function show(id, count) {
      var results = await current.list.take(count);
      if (id !== searchId) return false;
      list.textContent = "";
      results.forEach(function (r) { list.appendChild(renderItem(r)); });
      shown = results.length;
      more.hidden = !current.list.more() && !current.pending;
      return true;
    }

    function statusText(part, fullText, running) {
      var text = current.query ? TEXT.lookup(part.count, part.meta ? part.meta.docs : 0) : TEXT.browse(part.count);
      if (running) text += TEXT.fullTextRunning;
      else if (fullText) text += TEXT.fullText(fullText.total);
      return text;
    }

    async function run() {
      var id = ++searchId;
      upTo = 1;
      updateUrl();
      status.textContent = TEXT.searching;
      more.hidden = true;
      none.hidden = true;
      scopeLine.textContent = "";
      scopeButton.hidden = true;
      try {
        var o = options(), q = input.value.trim();
        var part = await lookupPart(q, o);
        if (id !== searchId) return;
        var fullTextWanted = !!q && o.scope !== "title";
        current = { query: q, part: part, options: o,
                    list: mergedList([lookupSource(part.meta, part.found, part.ids, part.matchOf)], o.sort) };
        // The full text runs now when the lookups find nothing or the list is in date order (its
        // results go among them); else when the reader pages past the lookups' results or asks
        // (a full-text result is never listed above them). So a first query that the lookups
        // answer downloads the lookup files only, not Pagefind's code and shards (about 100 KB).
        current.pending = fullTextWanted && !o.sort && part.count > 0;
        await show(id, PAGE_SIZE);
        if (id !== searchId) return;
        if (current.pending && shown === 0) current.pending = false;  // title candidates the rows did not confirm
        status.textContent = statusText(part, null, fullTextWanted && !current.pending) +
          (current.pending ? TEXT.fullTextLater : "");
        scopeButton.textContent = current.pending ? TEXT.searchFullText : "";
        scopeButton.hidden = !current.pending;
        none.hidden = shown > 0 || fullTextWanted;
        performance.mark("gk-results-shown");
        document.body.setAttribute("data-results-shown", String(id));
        // Filter counts need a column per filter (on a large site 50-100 KB each) and, for the
        // full text, Pagefind's filter files of every shard searched: counted when browsing and
        // for a title search; a full-text search lists the values without numbers.
        var counts = await lookupCounts(part.ids, fullTextWanted ? [] : FACETS);
        if (id !== searchId) return;
        renderFacets(counts, part.meta);
        if (fullTextWanted && !current.pending) await fullText(id, PAGE_SIZE);
        if (id !== searchId) return;
        document.body.setAttribute("data-search-done", String(id));
      } catch (err) {
        status.textContent = TEXT.failed;
        throw err;
      }
    }

    // The full-text step: Pagefind over the first `upTo` batches of shards, merged after (or, by
    // date, among) the lookup's results; with nothing found it goes on by itself a few batches.
    async function fullText(id, showing) {
      current.pending = false;
      var o = current.options, part = current.part, simple = part.found.text || current.query;
      var pfOptions = { filters: pagefindFilters(o), sort: o.sort };
      var found = await query(simple, pfOptions, upTo);
      while (!found.total && !part.count && upTo < Math.min(found.batches.length, AUTO_BATCHES)) {
        upTo += 1;
        found = await query(simple, pfOptions, upTo);
      }
      if (id !== searchId) return;
      current.fullText = found;
      current.list = mergedList([lookupSource(part.meta, part.found, part.ids, part.matchOf),
                                 fullTextSource(found, simple, o.from, o.to)], o.sort);
      await show(id, Math.max(shown, showing));
      if (id !== searchId) return;
      status.textContent = statusText(part, found, false);
      none.hidden = shown > 0;
      scopeLine.textContent = describeScope(found);
      scopeButton.textContent = upTo < found.batches.length ? wider(found) : "";
      scopeButton.hidden = upTo >= found.batches.length;
    }

    // The next batch of full-text shards, or (not yet searched) the full text itself.
    async function widen(showing) {
      var id = ++searchId;
      if (current.pending) status.textContent = statusText(current.part, null, true);
      else { upTo += 1; status.textContent = TEXT.searching; }
      scopeButton.hidden = true;
      await fullText(id, showing || shown);
      if (id === searchId) document.body.setAttribute("data-search-done", String(id));
    }

    async function onMore() {
      var id = searchId, wanted = shown + PAGE_SIZE;
      await show(id, wanted);
      if (id === searchId && current.pending && shown < wanted) await widen(wanted);  // past the lookups
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    sortSelect.addEventListener("change", run);
    [fromInput, toInput].forEach(function (el) { el.addEventListener("change", run); });
    Array.from(form.querySelectorAll("[name=scope]")).forEach(function (el) { el.addEventListener("change", run); });
    more.addEventListener("click", onMore);
    scopeButton.addEventListener("click", function () { widen(); });
    if (toggle && side) {
      toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        side.classList.toggle("is-open", open);
      });
    }
    input.addEventListener("focus", function () { lookupMeta(); }, { once: true });
    run();  // a query from the URL, or browsing the newest documents
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupPage);
  else setupPage();
})();
