// vinhdanh: what depends on the day, told for the day the page is read.
//
// A static page is built on one day and read on others. The build writes every day-dependent
// text for its own day and says so ("tính đến ngày dựng trang DD/MM/YYYY", the [data-vd-asof]
// notes), and puts the dates beside it (data-start, data-end). This script, run in the reader's
// browser (no request, no library), rewrites those texts for the reader's local day with the
// same words generator/render.py uses (window_left, proposals_text, campaign_stage), then
// removes the "as of the build" notes. Without JavaScript the build's texts stay, dated.

const DAY_MS = 86400000;

/** A "YYYY-MM-DD" date as a day number (days since 1970-01-01), timezone-free. */
function dayOf(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** The reader's local calendar day as a day number. */
function readerDay() {
  const now = new Date();
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / DAY_MS;
}

/** A day number as Vietnamese readers write dates: 05/12/2026. */
function viDate(day) {
  const d = new Date(day * DAY_MS);
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

function isoDate(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const WINDOW_LABELS = {
  upcoming: "Sắp lấy ý kiến nhân dân",
  open: "Đang lấy ý kiến nhân dân",
  closed: "Đã hết thời gian lấy ý kiến nhân dân",
};

// The English edition's words (the page's <html lang>), as generator/templating/edition.py and
// generator/locale/en.po write them at build time.
const ENGLISH = document.documentElement.lang === "en";
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

/** A day number as English prose writes dates: 5 December 2026. */
function enDate(day) {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const ENGLISH_TEXT = {
  labels: {
    upcoming: "Public comment opening soon",
    open: "Open for public comment",
    closed: "Public comment closed",
  },
  windowLeft(state, start, end, today) {
    if (state === "upcoming") return `opens on ${enDate(start)}, in ${plural(start - today, "day")}`;
    if (state === "closed") return `closed on ${enDate(end)}`;
    const left = end - today + 1;
    if (left === 1) return `today, ${enDate(end)}, is the last day`;
    return `${left} days left, until the end of ${enDate(end)}`;
  },
  proposals(open, upcoming) {
    const n = open || upcoming;
    const what = open ? "open for public comment" : "soon open for public comment";
    return `${n} award ${n === 1 ? "proposal" : "proposals"} ${what}`;
  },
  stage(start, end, today) {
    if (today < start) return `not started (starts on ${enDate(start)})`;
    if (end !== null && today > end) return `period over (ended on ${enDate(end)})`;
    if (end === null) return "under way";
    return `under way, ${plural(end - today + 1, "day")} left (until the end of ${enDate(end)})`;
  },
};

function windowState(start, end, today) {
  if (today < start) return "upcoming";
  return today > end ? "closed" : "open";
}

function windowLeft(start, end, today) {
  const state = windowState(start, end, today);
  if (ENGLISH) return ENGLISH_TEXT.windowLeft(state, start, end, today);
  if (state === "upcoming") {
    return `bắt đầu từ ngày ${viDate(start)}, còn ${start - today} ngày nữa`;
  }
  if (state === "closed") return `đã kết thúc ngày ${viDate(end)}`;
  const left = end - today + 1; // today counts: comments sent today are in time
  if (left === 1) return `hôm nay, ${viDate(end)}, là ngày cuối`;
  return `còn ${left} ngày, đến hết ngày ${viDate(end)}`;
}

function proposalsText(windows, today) {
  const states = windows.map(([start, end]) => windowState(start, end, today));
  const count = (s) => states.filter((x) => x === s).length;
  if (ENGLISH) return count("open") || count("upcoming") ? ENGLISH_TEXT.proposals(count("open"), count("upcoming")) : "";
  if (count("open")) return `${count("open")} đề nghị khen thưởng đang lấy ý kiến nhân dân`;
  if (count("upcoming")) {
    return `${count("upcoming")} đề nghị khen thưởng sắp lấy ý kiến nhân dân`;
  }
  return "";
}

function campaignStage(start, end, today) {
  if (ENGLISH) return ENGLISH_TEXT.stage(start, end, today);
  if (today < start) return `chưa bắt đầu (bắt đầu từ ngày ${viDate(start)})`;
  if (end !== null && today > end) {
    return `đã hết thời gian phong trào (kết thúc ngày ${viDate(end)})`;
  }
  if (end === null) return "đang diễn ra";
  return `đang diễn ra, còn ${end - today + 1} ngày (đến hết ngày ${viDate(end)})`;
}

function setText(root, selector, text) {
  const node = root.querySelector(selector);
  if (node && node.textContent !== text) node.textContent = text;
}

function update() {
  const today = readerDay();

  // Comment windows: the comment page, each proposal's page, the profile's notice.
  for (const el of document.querySelectorAll("[data-vd-window]")) {
    const start = dayOf(el.dataset.start);
    const end = dayOf(el.dataset.end);
    const state = windowState(start, end, today);
    el.dataset.state = state;
    setText(el, "[data-vd-window-label]", (ENGLISH ? ENGLISH_TEXT.labels : WINDOW_LABELS)[state]);
    setText(el, "[data-vd-window-left]", windowLeft(start, end, today));
  }
  for (const el of document.querySelectorAll("[data-vd-none-open]")) {
    el.hidden = document.querySelector('[data-vd-window][data-state="open"]') !== null;
  }

  // The home page's count of proposals open (or to open) on the reader's day.
  for (const el of document.querySelectorAll("[data-vd-proposals]")) {
    const windows = el.dataset.vdProposals
      .split(" ")
      .filter(Boolean)
      .map((pair) => pair.split("/").map(dayOf));
    const text = proposalsText(windows, today);
    el.hidden = text === "";
    if (text) setText(el, "[data-vd-proposals-text]", text);
  }

  // A campaign's stage; its timeline's mark of the build day only on that day.
  for (const el of document.querySelectorAll("[data-vd-period]")) {
    const end = el.dataset.end ? dayOf(el.dataset.end) : null;
    setText(el, "[data-vd-stage]", campaignStage(dayOf(el.dataset.start), end, today));
    if (dayOf(el.dataset.built) !== today) {
      for (const mark of document.querySelectorAll(".vd-today-mark")) {
        mark.setAttribute("visibility", "hidden");
      }
    }
  }

  // "truy cập …" in citations: the day the reader reads the page, in the page's date format
  // as the build wrote it.
  for (const el of document.querySelectorAll("time[data-vd-today]")) {
    el.dateTime = isoDate(today);
    el.textContent = ENGLISH ? enDate(today) : viDate(today);
  }

  for (const el of document.querySelectorAll("[data-vd-asof]")) el.remove();
}

update();
