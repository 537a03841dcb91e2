// vinhdanh: the 404 page sends a roll's former address on to where its rows are now.
//
// Rolls were cut every `page_size` rows ("…/danh-sach/ca-nhan/trang-3/"); now their pages are
// cut where their rows' keys say and named by letter or by their first row ("…/tu-<slug>/",
// generator.model.rollpages), so an address cited or bookmarked before is missing, and a
// `tu-<slug>/` page is missing once its first row moves. Hosts (GitHub Pages, Cloudflare Pages,
// Netlify, `vinhdanh preview`) answer a missing address with 404.html; this script, run there,
// reads the one file that says where each roll's former pages lead
// (generator.pages.rolls.render_former_pages) and replaces the address: a former page to the
// letter its first row files under (else the roll), a missing `tu-<slug>/` to the roll. A redirect
// page at each former address cost a file for each (0.1-0.2 a profile, issue #21). Any other
// missing address stays the 404 page it is; without JavaScript the page links the rolls.

(() => {
  const notes = document.querySelectorAll("[data-vd-moved]");
  const box = notes[0];
  if (!box) return;
  const base = box.dataset.vdBase || "/"; // the site's own path ("/", "/the/site/")
  let path = location.pathname;
  if (!path.startsWith(base)) return;
  path = path.slice(base.length).replace(/index\.html$/, "");
  if (!path.endsWith("/")) path += "/"; // "…/trang-2" as typed
  const found = /^(.*\/)(?:trang-(\d+)|tu-[a-z0-9-]+)\/$/.exec(path);
  if (!found) return;

  fetch(box.dataset.vdMoved)
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data) return;
      let [, roll, number] = found;
      let edition = "";
      for (const folder of data.editions) {
        if (roll.startsWith(folder)) {
          edition = folder;
          roll = roll.slice(folder.length);
        }
      }
      const targets = data.rolls[roll];
      if (!targets) return;
      // [count, first, suffix, first, suffix, …]: former pages 2..count; from page `first`
      // on, the page at roll + suffix. A `tu-<slug>/` page, or a page past count: the roll.
      const [count, ...runs] = targets;
      const page = Number(number || 0);
      let suffix = "";
      if (page >= 2 && page <= count) {
        for (let i = 0; i < runs.length; i += 2) {
          if (runs[i] <= page) suffix = runs[i + 1];
        }
      }
      const target = base + edition + roll + suffix + location.search + location.hash;
      for (const note of notes) {
        note.querySelector("a").href = target;
        note.hidden = false;
      }
      location.replace(target);
    })
    .catch(() => {}); // the 404 page as it is: its links still lead on
})();
