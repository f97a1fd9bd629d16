// tidtam's only script: the quarterly report form's live check. Everything
// works without it; with it, the checker's findings and the amounts in Thai
// words appear while the user types (the server runs the same checker as on save).
const form = document.querySelector("form[data-live-check]");
if (form) {
  let timer = null;
  let sequence = 0;
  const check = async () => {
    const mine = ++sequence;
    const body = new URLSearchParams(new FormData(form));
    try {
      const response = await fetch(form.dataset.liveCheck, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      // A slower earlier answer must not overwrite a newer one.
      if (!response.ok || mine !== sequence) return;
      const result = await response.json();
      const findings = document.getElementById("live-findings");
      if (findings) findings.innerHTML = result.findings_html;
      for (const [name, words] of Object.entries(result.words)) {
        const output = document.getElementById(name + "-words");
        if (output) output.textContent = words;
      }
    } catch (_) {
      // Offline or the server restarting: the check runs again on the next keystroke and on save.
    }
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });
}
