// vinhdanh serve only (never written into site/): shows the sources' errors over the page being
// previewed, and reloads the page once a build succeeds. Served at /__vinhdanh/overlay.js.
(function () {
  "use strict";
  var script = document.currentScript;
  var pageBuild = Number(script && script.dataset.build);
  var lang = script && script.dataset.lang === "en" ? "en" : "vi";
  var TEXT = {
    vi: {
      title: "Nguồn có lỗi: trang đang xem là bản dựng trước",
      count: function (n) { return "Còn " + n + " lỗi. Sửa tệp rồi lưu: trang tự tải lại khi hết lỗi."; },
      hide: "Ẩn thông báo",
      line: "Dòng trong tệp"
    },
    en: {
      title: "The sources have errors: this page is the previous build",
      count: function (n) { return n + (n === 1 ? " error" : " errors") + " left. Fix and save: the page reloads by itself once they are gone."; },
      hide: "Hide this notice",
      line: "Line in the file"
    }
  }[lang];
  var box = null;
  var shown = "";   // the errors the overlay shows, as JSON
  var hidden = "";  // the errors the reader hid: shown again only if they change

  function el(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.setAttribute("style", style);
    return node;
  }

  function show(errors) {
    var key = JSON.stringify(errors);
    if (key === hidden) return;
    if (key === shown && box) return;
    hide();
    shown = key;
    // role="alert": read out once by screen readers; the focus stays where the reader is.
    box = el("section", "", "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:60vh;" +
      "overflow:auto;margin:0;padding:16px 20px;background:#fff4f4;color:#1a1a1a;" +
      "border-top:4px solid #b00020;box-shadow:0 -4px 16px rgba(0,0,0,.25);" +
      "font:15px/1.5 system-ui,sans-serif;text-align:left");
    box.id = "vinhdanh-preview-errors";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "vinhdanh-preview-errors-title");
    box.setAttribute("lang", lang);
    // Sizes in px: Material scales the root font size, the overlay keeps one size everywhere.
    var head = el("h2", TEXT.title, "margin:0 0 4px;font:bold 18px/1.3 system-ui,sans-serif;" +
      "color:#b00020;letter-spacing:normal");
    head.id = "vinhdanh-preview-errors-title";
    var close = el("button", TEXT.hide, "float:right;margin:0 0 .5rem 1rem;padding:.4rem .8rem;" +
      "font:inherit;min-height:44px;cursor:pointer;border:1px solid #555;border-radius:4px;" +
      "background:#fff;color:#1a1a1a");
    close.type = "button";
    close.addEventListener("click", function () { hidden = shown; hide(); });
    box.appendChild(close);
    box.appendChild(head);
    box.appendChild(el("p", TEXT.count(errors.length), "margin:0 0 12px"));
    var list = el("ol", "", "margin:0;padding-left:24px");
    errors.forEach(function (error) {
      var item = el("li", "", "margin:0 0 12px");
      var where = error.path ? error.path + ":" + error.line + ":" + error.col : "";
      if (where) item.appendChild(el("code", where, "font-weight:bold;word-break:break-all"));
      item.appendChild(el("div", error.message, "white-space:pre-wrap"));
      if (error.source) {
        var pre = el("pre", "", "margin:.25rem 0 0;padding:.4rem .6rem;background:#fff;" +
          "border:1px solid #d9a3a3;overflow:auto;font:13px/1.4 ui-monospace,monospace;tab-size:4");
        pre.setAttribute("aria-label", TEXT.line + " " + error.line);
        // A tab made visible, as the message shows it (⇥).
        pre.textContent = error.line + " | " + error.source.replace(/\t/g, "⇥   ");
        item.appendChild(pre);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function hide() {
    if (box) box.remove();
    box = null;
    shown = "";
  }

  function poll() {
    if (document.visibilityState !== "visible") return setTimeout(poll, 1000);
    fetch("/__vinhdanh/status.json", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (status.errors.length) {
          show(status.errors);
        } else {
          hide();
          hidden = "";
          // A build succeeded since this page was served: show it (the live-reload poll
          // does too; this covers a tab whose poll was asleep).
          if (status.build !== pageBuild) return location.reload();
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }

  poll();
})();
