// vinhdanh search: the combobox in the header of every page and the full search page
// (/tim-kiem/). The index is Pagefind's (pagefind/, built from the model by generator/search.py).
// pagefind.js is imported on first use only, so reading a page downloads nothing for search.

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const ANY_MARK = /[\u0300-\u036f]|đ/i;
const WORD = /[\p{L}\p{N}]+/gu;
const HEADER_RESULTS = 8;
const PAGE_SIZE = 20;
// How many of Pagefind's best results are re-ranked here (each costs one small fragment).
const RERANK_DEPTH = 16;
// What the search says, in the page's language (<html lang>; the English edition's pages).
const ENGLISH = document.documentElement.lang === "en";
const NUMBERS = ENGLISH ? "en-GB" : "vi-VN";
const number = (n) => n.toLocaleString(NUMBERS);
const SAY = ENGLISH
  ? {
      unavailable: "Search could not be loaded. Please try again.",
      count: (n) => `${number(n)} result${n === 1 ? "" : "s"}`,
      all: (counted, query) => `See all ${counted} for “${query}”`,
      choose: "Use the arrow keys to choose.",
      none: (query) => `No results for “${query}”.`,
      chosen: (n) => `(${n} chosen)`,
      searching: "Searching…",
      prompt: "Type a name, organisation, place… or choose a filter.",
      others: (query) => `Other results: with the words “${query}” but not in the name`,
      named: (n) => `, ${number(n)} matching the name`,
      forQuery: (query) => ` for “${query}”`,
      notFound: (forQuery) => `No results${forQuery}. Try fewer words or fewer filters.`,
    }
  : {
      unavailable: "Không tải được chức năng tìm kiếm. Xin thử lại.",
      count: (n) => `${number(n)} kết quả`,
      all: (counted, query) => `Xem tất cả ${counted} cho “${query}”`,
      choose: "Dùng phím mũi tên để chọn.",
      none: (query) => `Không tìm thấy kết quả cho “${query}”.`,
      chosen: (n) => `(${n} đang chọn)`,
      searching: "Đang tìm…",
      prompt: "Nhập họ tên, đơn vị, địa phương… hoặc chọn một bộ lọc.",
      others: (query) => `Kết quả khác: có các từ “${query}” nhưng không ở tên`,
      named: (n) => `, ${number(n)} khớp tên`,
      forQuery: (query) => ` cho “${query}”`,
      notFound: (forQuery) => `Không tìm thấy kết quả${forQuery}. Thử gõ ít từ hơn hoặc bỏ bớt bộ lọc.`,
    };
const UNAVAILABLE = SAY.unavailable;
const SORTS = {
  ten: { ten: "asc" },
  nam: { nam: "desc" },
  "nam-cu": { nam: "asc" },
};
// Pagefind searches metadata too: only the title (the name) may lift a result; the other
// fields repeat indexed text or are not text at all.
const RANKING = { metaWeights: { title: 5, sub: 0, place: 0, image: 0, tail: 0 } };
const EXCERPT_WORDS = 24;
// A typed word of at least MIN_PREFIX letters is looked up in every index chunk that may hold
// words it starts (at most MAX_PREFIX_CHUNKS of them): see extensionKeys.
const MIN_PREFIX = 2;
const MAX_PREFIX_CHUNKS = 8;

// --- Vietnamese text ------------------------------------------------------------------------

/** Lower case, every diacritic dropped, đ → d (as generator/vntext.py fold). */
function fold(text) {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

function words(text) {
  return text.normalize("NFC").toLowerCase().match(WORD) || [];
}

function hasMarks(text) {
  return ANY_MARK.test(text.normalize("NFD"));
}

/** [letters with their shapes (ă â ê ô ơ ư đ), tone marks]: "hòa" and "hoà" give the same. */
function toneSplit(word) {
  const decomposed = word.toLowerCase().normalize("NFD");
  const tones = (decomposed.match(TONE_MARKS) || []).sort().join("");
  return [decomposed.replace(TONE_MARKS, "").normalize("NFC"), tones];
}

/** True when a typed word matches a word exactly, diacritics included, in either tone style. */
function sameSpelling(typed, word, prefix) {
  const [typedBase, typedTones] = toneSplit(typed);
  const [base, tones] = toneSplit(word);
  if (typedTones !== tones) return false;
  return prefix ? base.startsWith(typedBase) : base === typedBase;
}

/**
 * How well the query names this result, from its title (a person's or a unit's name):
 * `named` 1 when every typed word is its own word of the title (the last one may be
 * unfinished, so it may be the start of one: "hoang thi hoa" does not name "Hoàng Thị Ánh");
 * `whole` how many typed words are whole words of it ("hoa" is a word of "Nguyễn Thị Hoa",
 * only the start of "Hoàng"); `tier` 2 when named with the reader's diacritics (when
 * typed), 1 named with other diacritics ("Nguyên" for "Nguyễn").
 */
function titleMatch(query, title) {
  const typed = words(query);
  const titleWords = words(title);
  const foldedTitle = titleWords.map(fold);
  const used = new Set();
  const pick = (test) => {
    const j = foldedTitle.findIndex((t, k) => !used.has(k) && test(t, k));
    if (j >= 0) used.add(j);
    return j;
  };
  let whole = 0;
  let marked = 0;
  let exact = 0;
  for (const [i, word] of typed.entries()) {
    const f = fold(word);
    const marks = hasMarks(word);
    const spelt = (prefix) => (t, k) => sameSpelling(word, titleWords[k], prefix);
    // The reader's own spelling first, then any whole word, then (last word) a word's start.
    let j = marks ? pick((t, k) => t === f && spelt(false)(t, k)) : -1;
    if (j < 0) j = pick((t) => t === f);
    let prefix = false;
    if (j < 0 && i === typed.length - 1) {
      prefix = true;
      j = marks ? pick((t, k) => t.startsWith(f) && spelt(true)(t, k)) : -1;
      if (j < 0) j = pick((t) => t.startsWith(f));
    }
    // Whole words count among names only: "tinh" in "BK UBND tỉnh" says nothing of a "Tình".
    if (j < 0) return { named: 0, whole: 0, tier: 0 };
    if (!prefix) whole += 1;
    if (marks) {
      marked += 1;
      if (sameSpelling(word, titleWords[j], prefix)) exact += 1;
    }
  }
  if (!typed.length) return { named: 0, whole: 0, tier: 0 };
  return { named: 1, whole, tier: exact === marked ? 2 : 1 };
}

/** The words of a text folded and joined by single spaces, with spaces around. */
function foldedLine(text) {
  return ` ${words(text).map(fold).join(" ")}`;
}

/**
 * True when the query's words stand together in the result's text, in order ("nông thôn
 * mới"), folded so that a phrase typed without diacritics counts too; the last word may be
 * unfinished.
 */
function isPhrase(query, content) {
  const typed = words(query).map(fold);
  return typed.length > 1 && foldedLine(content).includes(` ${typed.join(" ")}`);
}

/** True when the title starts with the query: "nguyen" names a Nguyễn before a Nguyễn Trãi school. */
function startsTitle(query, title) {
  const typed = words(query).map(fold).join(" ");
  return typed.length > 0 && foldedLine(title).startsWith(` ${typed}`);
}

// --- the engine -----------------------------------------------------------------------------

let engine = null;

/** A typed word as the index keys its words: lower case, marks dropped, "đ" kept. */
function indexWord(word) {
  return word.normalize("NFD").replace(/\p{M}/gu, "");
}

/**
 * The first keys of the index chunks that may hold words extending a typed word, beyond the
 * one chunk Pagefind loads for it. Pagefind 1.5 loads, per word, the chunk whose key range
 * holds the word itself: with "la" it never searches "lan" when "lan" opens the next chunk,
 * and "Hoàng Thị Lan" is not found. `bounds` are the chunks' [first, last] keys in order
 * (pagefind/chunks.json); a chunk qualifies by Pagefind's own widest rule (its keys cut to
 * the word's length enclose the word), and is loaded by its first key, which only it holds.
 */
function extensionKeys(bounds, query) {
  const keys = new Set();
  for (const word of words(query).map(indexWord)) {
    if (word.length < MIN_PREFIX) continue;
    const n = word.length;
    const found = bounds.filter(
      ([first, last]) => first.slice(0, n) <= word && word <= last.slice(0, n),
    );
    for (const [first] of found.slice(0, MAX_PREFIX_CHUNKS)) keys.add(first);
  }
  return [...keys];
}

function loadEngine(bundle) {
  if (!engine) {
    engine = import(`${bundle}pagefind.js`).then(async (pagefind) => {
      const bounds = fetch(`${bundle}chunks.json`)
        .then((response) => (response.ok ? response.json() : []))
        .catch(() => []); // without it, prefixes find what Pagefind alone finds
      // No web worker: one script less to fetch before the first results, and a search over
      // short records is quick on the main thread.
      await pagefind.options({ ranking: RANKING, excerptLength: EXCERPT_WORDS, noWorker: true });
      await pagefind.init();
      return {
        filters: () => pagefind.filters(),
        async search(query, options) {
          const keys = query ? extensionKeys(await bounds, query) : [];
          // Loaded chunks stay loaded: the search below looks through their words too.
          if (keys.length) await pagefind.preload(keys.join(" "));
          return pagefind.search(query, options);
        },
      };
    });
    engine.catch(() => {
      engine = null; // a later focus tries again
    });
  }
  return engine;
}

/** The longest run of consecutive word positions: how many query words stand together. */
function longestRun(positions) {
  const sorted = [...new Set(positions || [])].sort((a, b) => a - b);
  let best = sorted.length ? 1 : 0;
  let run = 1;
  for (let i = 1; i < sorted.length; i += 1) {
    run = sorted[i] === sorted[i - 1] + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

/**
 * Pagefind's results re-ranked for Vietnamese readers. First, for every result, from the
 * word positions Pagefind returns: more query words side by side first ("anh hùng lao động"
 * as an award, not "Anh", "Hùng" in a name). Then the head, with its fragments: titles that
 * hold every word (names before mentions), more whole words ("Hoa" before "Hoàng" for
 * "hoa"), the reader's diacritics before other spellings, titles that start with the query,
 * whole phrases. Returns [{result, index, data, named}]; `named` is set in the head only.
 */
async function ranked(response, query) {
  const items = response.results.map((result, index) => ({ result, index, data: null }));
  if (!query) return items;
  const length = words(query).length;
  for (const item of items) item.run = Math.min(longestRun(item.result.words), length);
  items.sort((a, b) => b.run - a.run || b.result.score - a.result.score || a.index - b.index);
  const head = items.slice(0, RERANK_DEPTH);
  await Promise.all(
    head.map(async (item) => {
      item.data = await item.result.data();
    }),
  );
  for (const item of head) {
    const title = item.data.meta.title || "";
    Object.assign(item, titleMatch(query, title));
    item.starts = startsTitle(query, title) ? 1 : 0;
    item.phrase = isPhrase(query, item.data.content || "") ? 1 : 0;
  }
  head.sort(
    (a, b) =>
      b.named - a.named ||
      b.whole - a.whole ||
      b.tier - a.tier ||
      b.starts - a.starts ||
      b.phrase - a.phrase ||
      b.run - a.run ||
      b.result.score - a.result.score ||
      a.index - b.index,
  );
  return [...head, ...items.slice(RERANK_DEPTH)];
}

/**
 * Where the results that name the query end, when they are followed by others: the index of
 * the first other result, or -1. Only the head is known: a head of names only says nothing.
 */
function namesEnd(items) {
  if (!items.length || !items[0].named) return -1;
  const end = items.findIndex((item) => !item.named);
  return end > 0 && items[end].named === 0 ? end : -1;
}

async function dataOf(item) {
  if (!item.data) item.data = await item.result.data();
  return item.data;
}

/** "ho-so/x/anh.webp" from the meta token "0x…" (generator/search.py encode_path). */
function decodePath(token) {
  if (!token || !/^0x([0-9a-f]{2})+$/.test(token)) return null;
  const bytes = new Uint8Array(token.slice(2).match(/../g).map((h) => parseInt(h, 16)));
  return new TextDecoder().decode(bytes);
}

function safeUrl(url) {
  // Result URLs are site paths written by the generator; anything else is dropped. On a page of
  // the English edition (data-vd-edition="en/") they lead to the English page: one index
  // holds the records of both editions, by their Vietnamese path.
  if (typeof url !== "string" || !url.startsWith("/") || url.startsWith("//")) return "#";
  return edition ? `/${edition}${url.slice(1)}` : url;
}

// --- the English edition's words ------------------------------------------------------------

// The English pages' search reads English award names ("labour hero", "hero of labour") as the
// Vietnamese ones the records hold: a table of [English words, Vietnamese name], longest first
// (generator/search/englishnames.py english_synonyms), fetched with the engine on English pages only.
let edition = "";
let synonymsUrl = "";
let synonyms = null;
const ENGLISH_STOPWORDS = new Set(["of", "the", "for", "and", "or", "in", "on", "a", "an", "s"]);
const BRITISH = { labor: "labour", honor: "honour", color: "colour" };

function englishWords(text) {
  const found = fold(text).match(/[a-z0-9]+/g) || [];
  return found.filter((w) => !ENGLISH_STOPWORDS.has(w)).map((w) => BRITISH[w] || w);
}

/** The query as searched: each English award name it holds (its words in any order) becomes
 * the Vietnamese name; a query without one is searched as typed. */
async function searchedQuery(query) {
  if (!synonymsUrl || !query) return query;
  if (!synonyms) {
    synonyms = fetch(synonymsUrl)
      .then((response) => (response.ok ? response.json() : []))
      .catch(() => []);
  }
  let left = englishWords(query);
  const names = [];
  for (const [words, name] of await synonyms) {
    if (words.every((w) => left.includes(w))) {
      names.push(name);
      left = left.filter((w) => !words.includes(w));
    }
  }
  return names.length ? [...names, ...left].join(" ") : query;
}

// The English of the results' lines, beside the synonyms (generator/search/englishnames.py
// english_award_names), fetched once on English pages only: `lines`, {Vietnamese line: English};
// `places`, the words a place line is said with (unit types, "now in").
let awardNames = null;

function englishAwardNames() {
  if (!synonymsUrl) return Promise.resolve({});
  if (!awardNames) {
    awardNames = fetch(new URL("names.json", synonymsUrl))
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}));
  }
  return awardNames;
}

/** A unit of a place line in English, as the pages say it (generator/model/englishtext.py
 * unit_name): [English before, the name as written, English after] ("xã Triệu Thành" → "Triệu
 * Thành commune", "Phường 1" → "Ward 1"), or null for a name without a unit type. */
function unitEnglish(text, places) {
  const lower = text.toLowerCase();
  for (const [vi, en] of places.types) {
    if (!lower.startsWith(`${vi} `)) continue;
    const name = text.slice(vi.length + 1);
    return /^\d/.test(name) ? [`${en[0].toUpperCase()}${en.slice(1)} `, name, ""] : ["", name, ` ${en}`];
  }
  return null;
}

/** A place line in English, English and names in turn ["", "Triệu Thành", " commune, ", …,
 * " province (now in ", "Quảng Trị", " province)"] (englishnames.py english_place_line), or
 * null when a part has no unit type (a place as typed, a country): then it stays as recorded. */
function englishPlace(line, places) {
  if (!places || !places.types) return null;
  const [nowVi, nowEn] = places.now;
  const at = line.indexOf(` ${nowVi}`);
  const now = at > 0 && line.endsWith(")") ? line.slice(at + nowVi.length + 1, -1) : "";
  const units = (at > 0 && now ? line.slice(0, at) : line).split(", ").map((u) => unitEnglish(u, places));
  const after = now ? unitEnglish(now, places) : null;
  if (units.includes(null) || (now && !after)) return null;
  const parts = [""];
  units.forEach(([before, name, tail], i) => {
    parts[parts.length - 1] += `${i ? ", " : ""}${before}`;
    parts.push(name, tail);
  });
  if (after) {
    parts[parts.length - 1] += ` ${nowEn}${after[0]}`;
    parts.push(after[1], `${after[2]})`);
  }
  return parts;
}

/** A record's award or place line, or a campaign's, decision's or page's fixed words: in
 * English where the table (names.json) holds the line or, for a place, its rule says it
 * (marked lang="en" inside the Vietnamese record), else as the record has it. English that
 * keeps names as written is a list, English and names in turn: the names are marked lang="vi",
 * as on the pages. */
function awardLine(tag, className, sub, names, place = false) {
  const lines = names.lines || {};
  let english = Object.hasOwn(lines, sub) ? lines[sub] : "";
  if (!english && place) english = englishPlace(sub, names.places);
  if (!english) return el(tag, className, sub);
  const node = el(tag, className, typeof english === "string" ? english : "");
  node.lang = "en";
  if (Array.isArray(english)) {
    english.forEach((part, i) => {
      if (!part) return;
      if (i % 2) node.append(Object.assign(el("span", "", part), { lang: "vi" }));
      else node.append(part);
    });
  }
  return node;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** The number in a "0x…" count token (generator/search.py encode_count), else 0. */
function tailLength(token) {
  return token && /^0x[0-9a-f]+$/.test(token) ? parseInt(token.slice(2), 16) : 0;
}

/**
 * Where Pagefind would start an excerpt of `length` words: the window with the most weight
 * (its calculate_excerpt_region), ties resolved to the middle of the run of best windows.
 */
function densestStart(scores, length) {
  if (scores.length <= length) return 0;
  let sum = 0;
  for (let i = 0; i < length; i += 1) sum += scores[i] || 0;
  let best = sum;
  let starts = [0];
  for (let i = 0; i < scores.length; i += 1) {
    sum += (scores[i + length] || 0) - (scores[i] || 0);
    if (sum > best) {
      best = sum;
      starts = [i + 1];
    } else if (sum === best && starts[starts.length - 1] === i) {
      starts.push(i + 1);
    }
  }
  return starts[Math.floor(starts.length / 2)];
}

/**
 * The excerpt of a result from its readable text only. A record's text ends with a tail
 * that is searched but never shown (generator/search.py: other spellings of the name, words
 * with "đ" folded: "dang", "ahld"), `meta.tail` words long. A query that matches only there
 * would get Pagefind's excerpt centred on "dang quoc bao. dong hcld": each match in the tail
 * counts instead for the words of the text it spells ("Đặng", "HCLĐ"), which are marked.
 */
function readableExcerpt(data) {
  const tail = tailLength(data.meta && data.meta.tail);
  if (!tail) return data.excerpt;
  // Pagefind's own words: its locations index the content split at white space.
  const all = (data.raw_content || "").split(/[\r\n\s]+/g);
  const end = Math.max(0, all.length - tail);
  const key = (word) => fold(word || "").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  const spelt = new Map(); // folded word -> its positions in the readable text
  for (let i = 0; i < end; i += 1) {
    const k = key(all[i]);
    if (!spelt.has(k)) spelt.set(k, []);
    spelt.get(k).push(i);
  }
  const scores = [];
  for (const found of data.weighted_locations || []) {
    const at = found.location < end ? [found.location] : spelt.get(key(all[found.location])) || [];
    for (const i of at) scores[i] = (scores[i] || 0) + found.balanced_score;
  }
  const length = Math.min(EXCERPT_WORDS, end);
  const start = Math.min(densestStart(scores, EXCERPT_WORDS), end - length);
  const shown = [];
  for (let i = start; i < start + length; i += 1) {
    shown.push(scores[i] ? `<mark>${all[i]}</mark>` : all[i]);
  }
  return shown.join(" ");
}

/** Pagefind's excerpt keeps only its <mark> tags; everything else becomes text. */
function excerptNode(excerpt) {
  const node = el("p", "vd-result__excerpt");
  const parts = String(excerpt || "").split(/(<mark>|<\/mark>)/);
  let mark = null;
  for (const part of parts) {
    if (part === "<mark>") {
      mark = el("mark");
      node.append(mark);
    } else if (part === "</mark>") {
      mark = null;
    } else if (part) {
      const text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      (mark || node).append(text);
    }
  }
  return node;
}

function thumbnail(data, root) {
  const path = decodePath(data.meta.image);
  if (!path) return null;
  const img = el("img", "vd-thumb");
  img.src = new URL(path, root).href;
  img.alt = "";
  img.width = 48;
  img.height = 48;
  img.loading = "lazy";
  img.decoding = "async";
  return img;
}

/**
 * Runs `fn` now, or once more as soon as the run in progress ends: the latest input always
 * gets a search and no search waits on a timer (a search over loaded chunks takes ~40 ms).
 * `onError` reports a failed run.
 */
function latestWins(fn, onError) {
  let running = false;
  let again = false;
  const go = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await fn();
    } catch {
      onError(); // a chunk failed to load (offline?): say so, the next input tries again
    } finally {
      running = false;
      if (again) {
        again = false;
        go();
      }
    }
  };
  return go;
}

function count(n) {
  return SAY.count(n);
}

// --- the header combobox --------------------------------------------------------------------

function setupHeader(box) {
  const input = box.querySelector(".vd-search__input");
  const form = box.querySelector("form");
  const panel = box.querySelector(".vd-search__panel");
  const listbox = box.querySelector('[role="listbox"]');
  const footer = box.querySelector(".vd-search__footer");
  const status = box.querySelector(".vd-search__status");
  const bundle = new URL(box.dataset.vdBundle, location.href).href;
  const root = new URL("..", bundle).href; // the bundle is the site root + "pagefind/"
  const searchPage = new URL(box.dataset.vdPage, location.href);
  let options = [];
  let active = -1;
  let serial = 0;

  function open(isOpen) {
    panel.hidden = !isOpen;
    input.setAttribute("aria-expanded", String(isOpen));
    if (!isOpen) select(-1);
  }

  function select(index) {
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function go(option) {
    location.href = option.dataset.href;
  }

  function allResultsLink(query, total) {
    const url = new URL(searchPage);
    url.searchParams.set("q", query);
    const link = el("a", "vd-search__all", SAY.all(count(total), query));
    link.href = url.href;
    return link;
  }

  async function run() {
    const query = input.value.trim();
    const mine = ++serial;
    if (!query) {
      listbox.replaceChildren();
      options = [];
      open(false);
      status.textContent = "";
      return;
    }
    let pagefind;
    try {
      pagefind = await loadEngine(bundle);
    } catch {
      status.textContent = UNAVAILABLE;
      return;
    }
    const searched = await searchedQuery(query);
    const response = await pagefind.search(searched);
    const all = await ranked(response, searched);
    // Results that name the query, when there are: a full name shows that person, not
    // everyone whose record holds the words somewhere (the search page shows those too).
    const end = namesEnd(all);
    const items = (end > 0 ? all.slice(0, end) : all).slice(0, HEADER_RESULTS);
    const datas = await Promise.all(items.map(dataOf));
    const names = edition ? await englishAwardNames() : {};
    if (mine !== serial) return; // a newer query is on its way
    options = datas.map((data, i) => {
      const option = el("li", "vd-search__option");
      option.id = `vd-search-option-${i}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.href = safeUrl(data.url);
      const image = thumbnail(data, root);
      if (image) option.append(image);
      const text = el("span", "vd-search__text");
      // The records are the Vietnamese ones in both editions: said so to screen readers.
      if (edition) text.lang = "vi";
      text.append(el("span", "vd-search__name", data.meta.title || data.url));
      if (data.meta.sub) text.append(awardLine("span", "vd-search__sub", data.meta.sub, names));
      if (data.meta.place) text.append(awardLine("span", "vd-search__place", data.meta.place, names, true));
      option.append(text);
      option.addEventListener("click", () => go(option));
      return option;
    });
    listbox.replaceChildren(...options);
    active = -1;
    const total = response.results.length;
    footer.replaceChildren();
    if (total) {
      footer.append(allResultsLink(query, total));
      status.textContent = `${count(total)}. ${SAY.choose}`;
    } else {
      footer.textContent = SAY.none(query);
      status.textContent = footer.textContent;
    }
    open(document.activeElement === input);
  }

  const failed = () => {
    status.textContent = UNAVAILABLE;
  };
  input.addEventListener("input", latestWins(run, failed));
  input.addEventListener("focus", () => {
    loadEngine(bundle).catch(() => {});
    if (input.value.trim() && (options.length || footer.textContent)) open(true);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (panel.hidden) {
        if (options.length) open(true);
        return;
      }
      if (!options.length) return;
      const last = options.length - 1;
      if (event.key === "ArrowDown") select(active >= last ? 0 : active + 1);
      else select(active <= 0 ? last : active - 1);
    } else if (event.key === "Enter") {
      if (!panel.hidden && active >= 0) {
        event.preventDefault();
        go(options[active]);
      }
      // otherwise the form opens the full search page
    } else if (event.key === "Escape") {
      if (!panel.hidden) {
        event.preventDefault();
        open(false);
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        input.dispatchEvent(new Event("input"));
      }
    } else if (event.key === "Tab") {
      open(false);
    }
  });
  // A click on an option must not blur the input first (the panel would close under it).
  panel.addEventListener("mousedown", (event) => {
    if (event.target.closest(".vd-search__option")) event.preventDefault();
  });
  document.addEventListener("click", (event) => {
    if (!box.contains(event.target)) open(false);
  });
  form.addEventListener("submit", (event) => {
    if (!input.value.trim()) event.preventDefault();
  });
}

// --- the search page ------------------------------------------------------------------------

function setupPage(page, box) {
  const form = page.querySelector("form");
  const input = form.querySelector('input[name="q"]');
  const sortSelect = form.querySelector('select[name="sap-xep"]');
  const facets = [...page.querySelectorAll(".vd-facet")];
  const list = page.querySelector(".vd-results__list");
  const status = page.querySelector(".vd-results__status");
  const more = page.querySelector(".vd-results__more");
  const facetBox = page.querySelector(".vd-facets");
  const bundle = new URL(box.dataset.vdBundle, location.href).href;
  const root = new URL("..", bundle).href; // the bundle is the site root + "pagefind/"
  let serial = 0;
  let items = [];
  let shown = 0;
  let othersFrom = -1; // index of the first result that does not name the query
  let othersLabel = "";

  // Closed in the page, so that a phone's first paint is the final layout; a wide screen
  // shows the filters beside the results, where opening them moves nothing.
  if (!window.matchMedia("(max-width: 59.9375em)").matches) facetBox.open = true;

  function stateFromUrl() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    sortSelect.value = SORTS[params.get("sap-xep")] ? params.get("sap-xep") : "";
    for (const box of form.querySelectorAll('input[type="checkbox"]')) {
      box.checked = params.getAll(box.name).includes(box.value);
    }
  }

  function urlFromForm() {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (String(value).trim()) params.append(key, String(value).trim());
    }
    const text = params.toString();
    return `${location.pathname}${text ? `?${text}` : ""}`;
  }

  function selected() {
    const chosen = form.querySelectorAll('.vd-facet input:checked').length;
    page.querySelector(".vd-facets__chosen").textContent = chosen ? SAY.chosen(chosen) : "";
    const filters = {};
    for (const fieldset of facets) {
      const name = fieldset.dataset.facet;
      const values = [...fieldset.querySelectorAll("input:checked")].map((i) => i.value);
      if (values.length) filters[name] = { any: values };
    }
    return filters;
  }

  function showCounts(counts) {
    for (const fieldset of facets) {
      const name = fieldset.dataset.facet;
      const found = counts[name] || {};
      let visible = 0;
      for (const item of fieldset.querySelectorAll("li")) {
        const checkbox = item.querySelector("input");
        const n = found[checkbox.value] || 0;
        item.querySelector(".vd-facet__count").textContent = `(${number(n)})`;
        item.hidden = n === 0 && !checkbox.checked;
        if (!item.hidden) visible += 1;
      }
      fieldset.hidden = visible === 0;
    }
  }

  function resultItem(data, names) {
    const item = el("li", "vd-result");
    const image = thumbnail(data, root);
    if (image) item.append(image);
    const body = el("div", "vd-result__body");
    if (edition) body.lang = "vi"; // a Vietnamese record, on an English page too
    const title = el("h2", "vd-result__title");
    const link = el("a", "", data.meta.title || data.url);
    link.href = safeUrl(data.url);
    title.append(link);
    body.append(title);
    if (data.meta.sub) body.append(awardLine("p", "vd-result__sub", data.meta.sub, names));
    if (data.meta.place) body.append(awardLine("p", "vd-result__place", data.meta.place, names, true));
    const excerpt = readableExcerpt(data);
    if (excerpt) body.append(excerptNode(excerpt));
    item.append(body);
    return item;
  }

  function othersHeading() {
    const item = el("li", "vd-results__others");
    item.setAttribute("role", "none");
    item.append(el("h2", "", othersLabel));
    return item;
  }

  async function showMore(mine) {
    const next = items.slice(shown, shown + PAGE_SIZE);
    const datas = await Promise.all(next.map(dataOf));
    const names = edition ? await englishAwardNames() : {};
    if (mine !== serial) return;
    const nodes = [];
    datas.forEach((data, k) => {
      if (shown + k === othersFrom) nodes.push(othersHeading());
      nodes.push(resultItem(data, names));
    });
    list.append(...nodes);
    shown += next.length;
    more.hidden = shown >= items.length;
  }

  async function run() {
    const mine = ++serial;
    const query = input.value.trim();
    const filters = selected();
    const sortKey = sortSelect.value;
    status.textContent = SAY.searching;
    let pagefind;
    try {
      pagefind = await loadEngine(bundle);
    } catch {
      status.textContent = UNAVAILABLE;
      return;
    }
    // Loads every filter chunk once: without them a search returns no facet counts.
    const totals = await pagefind.filters();
    if (!query && !Object.keys(filters).length) {
      if (mine !== serial) return;
      showCounts(totals);
      list.replaceChildren();
      items = [];
      more.hidden = true;
      status.textContent = SAY.prompt;
      return;
    }
    // Without a query the natural order of a roll is by name.
    const sort = SORTS[sortKey] || (query ? {} : SORTS.ten);
    const searched = await searchedQuery(query);
    const response = await pagefind.search(searched || null, { filters, sort });
    // Counts of a facet that has a choice come from a search without it: choosing a second
    // value (either one) must show how many it would add.
    const counts = { ...response.filters };
    for (const name of Object.keys(filters)) {
      const others = { ...filters };
      delete others[name];
      const without = await pagefind.search(searched || null, { filters: others });
      counts[name] = without.filters[name] || {};
    }
    const ordered = sortKey
      ? response.results.map((result, index) => ({ result, index, data: null }))
      : await ranked(response, searched);
    if (mine !== serial) return;
    items = ordered;
    shown = 0;
    othersFrom = sortKey ? -1 : namesEnd(items);
    othersLabel = SAY.others(query);
    list.replaceChildren();
    showCounts(counts);
    const total = response.results.length;
    const named = othersFrom > 0 ? SAY.named(othersFrom) : "";
    const forQuery = query ? SAY.forQuery(query) : "";
    status.textContent = total ? `${count(total)}${forQuery}${named}.` : SAY.notFound(forQuery);
    await showMore(mine);
  }

  const search = latestWins(run, () => {
    status.textContent = UNAVAILABLE;
  });
  const update = (push) => {
    const url = urlFromForm();
    if (url !== `${location.pathname}${location.search}`) {
      history[push ? "pushState" : "replaceState"](null, "", url);
    }
    search();
  };
  input.addEventListener("input", () => update(false));
  form.addEventListener("change", (event) => {
    if (event.target !== input) update(true);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update(true);
  });
  more.addEventListener("click", () => showMore(serial));
  window.addEventListener("popstate", () => {
    stateFromUrl();
    search();
  });
  stateFromUrl();
  search();
}

function start() {
  const box = document.querySelector("[data-vd-search]");
  if (!box) return;
  edition = box.dataset.vdEdition || "";
  synonymsUrl = box.dataset.vdSynonyms ? new URL(box.dataset.vdSynonyms, location.href).href : "";
  setupHeader(box);
  const page = document.querySelector("[data-vd-search-page]");
  if (page) setupPage(page, box);
}

start();
