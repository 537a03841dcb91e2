// vinhdanh: copy and share buttons of a profile's "Trích dẫn" block (templates/opendata/_press.html).
//
// The buttons are in the page `hidden`: without this script the citation, the permalink and the
// embed code stay there to select and copy by hand. No library, no request: the clipboard API
// (a textarea and execCommand where it is missing or refused), and the phone's own share sheet
// (navigator.share, which lists Zalo, Messenger and the rest) where the browser has one.

/** The text a copy button copies: a field's value, else the element's visible text. */
function copiedText(target) {
  if ("value" in target && typeof target.value === "string") return target.value;
  return target.textContent.replace(/\s+/g, " ").trim();
}

/** Copy through a selected textarea: for browsers without the clipboard API (or plain http). */
function copyByTextarea(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch {
    done = false;
  }
  area.remove();
  return done;
}

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (permissions, no focus): the old way may still work.
    }
  }
  return copyByTextarea(text);
}

function say(status, message) {
  if (!status) return;
  // Emptied first, so the same words said twice are announced twice.
  status.textContent = "";
  window.setTimeout(() => {
    status.textContent = message;
  }, 50);
}

// What the buttons say, in the page's language (<html lang>; the English edition's pages).
const SAY =
  document.documentElement.lang === "en"
    ? {
        copied: (label) => `Copied: ${label.replace(/^Copy /, "")}`,
        failed: "Could not copy: please select and copy by hand",
      }
    : {
        copied: (label) => `Đã chép: ${label.replace(/^Chép /, "")}`,
        failed: "Không chép được: hãy chọn và chép bằng tay",
      };

function setUp() {
  const status = document.querySelector(".vd-copy__status");
  for (const button of document.querySelectorAll("button[data-vd-copy]")) {
    const target = document.getElementById(button.dataset.vdCopy);
    if (!target) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const done = await copy(copiedText(target));
      say(status, done ? SAY.copied(button.textContent) : SAY.failed);
    });
  }
  if (typeof navigator.share !== "function") return;
  for (const button of document.querySelectorAll("button[data-vd-share]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.share({ title: button.dataset.vdShareTitle, url: button.dataset.vdShare });
      } catch {
        // Closed by the reader: nothing to say.
      }
    });
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", setUp);
} else {
  setUp();
}
