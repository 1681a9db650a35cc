import HTTPServer

/// The survey pages' stylesheet and script, served from this site so the Content-Security-
/// Policy can stay `script-src 'self'` with no inline script and no external asset.
enum SurveyAssets {
  static let stylePath = "/assets/survey.css"
  static let scriptPath = "/assets/survey.js"

  static func register(in router: inout Router) {
    router.get(stylePath) { _ in asset(style, type: "text/css; charset=utf-8") }
    router.get(scriptPath) { _ in asset(script, type: "text/javascript; charset=utf-8") }
  }

  private static func asset(_ text: String, type: String) -> Response {
    Response(
      status: .ok,
      headers: ["Content-Type": type, "Cache-Control": "public, max-age=3600"],
      body: Array(text.utf8))
  }

  /// Colours meet WCAG AA on white: text #111827 (17:1), borders and small text #374151 and
  /// #4B5563 (10:1, 7.6:1), links #1D4ED8 (6.7:1), status #065F46 (7.6:1), errors #991B1B
  /// (7.9:1); the chosen score uses the brand colour with whichever of white or #111111
  /// contrasts more. Eleven scores fit one row from 480 px, two rows below.
  static let style = """
    *{box-sizing:border-box}
    body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
    main{max-width:42rem;margin:0 auto;padding:1rem .75rem}
    .card{background:#fff;border-top:6px solid var(--brand,#1f4e8c);border-radius:4px;padding:1.25rem}
    .brand{font-weight:700;font-size:1.25rem;margin:0 0 1rem}
    h1{font-size:1.25rem;line-height:1.4;margin:0 0 1rem}
    fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
    legend{font-weight:700;font-size:1.125rem;line-height:1.4;margin:0 0 .75rem;padding:0}
    .scale{display:grid;grid-template-columns:repeat(11,1fr);gap:4px}
    .scale label{position:relative;display:block}
    .scale input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
    .scale .n{display:flex;align-items:center;justify-content:center;min-height:44px;border:2px solid #4b5563;border-radius:4px;background:#fff;color:#111827;font-weight:700}
    .scale input:checked+.n{background:var(--brand,#1f4e8c);border-color:var(--brand,#1f4e8c);color:var(--on-brand,#fff);box-shadow:0 0 0 2px #111827}
    .scale input:focus-visible+.n{outline:3px solid #111827;outline-offset:2px}
    .ends{display:flex;justify-content:space-between;gap:1rem;margin:.5rem 0 0;font-size:.875rem;color:#374151}
    .sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
    .followup{display:block;font-weight:700;margin:1rem 0 .25rem}
    .hint{margin:0 0 .5rem;font-size:.875rem;color:#374151}
    textarea{display:block;width:100%;min-height:8rem;padding:.5rem;border:2px solid #4b5563;border-radius:4px;font:inherit;color:#111827}
    button{margin-top:1rem;min-height:44px;padding:.75rem 1.5rem;border:0;border-radius:4px;background:var(--brand,#1f4e8c);color:var(--on-brand,#fff);font:inherit;font-weight:700;cursor:pointer}
    textarea:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #111827;outline-offset:2px}
    .status{min-height:1.5rem;margin:.75rem 0 0;color:#065f46;font-weight:600}
    .error{margin:0 0 1rem;padding-left:.5rem;border-left:4px solid #991b1b;color:#991b1b;font-weight:600}
    .small{margin:1.5rem 0 0;font-size:.875rem;color:#374151}
    a{color:#1d4ed8}
    @media (max-width:480px){.scale{grid-template-columns:repeat(6,1fr)}.ends{flex-direction:column;gap:0}}

    """

  /// Sends the score chosen in the email once (a tentative pick), so one click is enough;
  /// after the quiet window it asks the server to settle the pick. Keeps the follow-up
  /// question in step with the chosen score. See docs/survey-pages.md.
  static let script = """
    (function () {
      "use strict";
      var form = document.getElementById("survey");
      if (!form) { return; }
      var status = document.getElementById("status");
      var followup = document.getElementById("followup");
      function category(score) {
        return score >= 9 ? "promoter" : (score >= 7 ? "passive" : "detractor");
      }
      // The score the one-click pick saved (null: none), and whether it was discarded. The
      // status says "saved" only while that score is the one selected; another score needs Send.
      var picked = null;
      var discarded = false;
      function showStatus() {
        if (!status || picked === null) { return; }
        var current = form.querySelector("input[name=score]:checked");
        var same = current !== null && current.value === picked;
        status.textContent = form.getAttribute(same && !discarded ? "data-saved" : "data-unsaved");
      }
      form.addEventListener("change", function (event) {
        var target = event.target;
        if (target && target.name === "score" && followup) {
          followup.textContent = form.getAttribute("data-followup-" + category(Number(target.value)));
        }
        if (target && target.name === "score") { showStatus(); }
      });
      if (form.getAttribute("data-autosend") !== "1" || !window.fetch) { return; }
      var checked = form.querySelector("input[name=score]:checked");
      if (!checked) { return; }
      var signature = form.querySelector("input[name=sig]").value;
      function send(url, fields) {
        var body = new URLSearchParams();
        Object.keys(fields).forEach(function (key) { body.append(key, fields[key]); });
        return fetch(url, { method: "POST", body: body, credentials: "omit", cache: "no-store" });
      }
      send(form.getAttribute("data-pick"), { score: checked.value, sig: signature })
        .then(function (response) {
          if (!response.ok) { return; }
          form.setAttribute("data-picked", checked.value);
          picked = checked.value;
          showStatus();
          var wait = Number(form.getAttribute("data-quiet")) * 1000 + 1500;
          window.setTimeout(function () {
            send(form.getAttribute("data-settle"), { sig: signature })
              .then(function (settled) {
                form.setAttribute("data-settled", String(settled.status));
                return settled.ok ? settled.json() : null;
              })
              .then(function (result) {
                if (result && result.recorded === false) {
                  discarded = true;
                  showStatus();
                }
              })
              .catch(function () {});
          }, wait);
        })
        .catch(function () {});
    })();

    """
}
