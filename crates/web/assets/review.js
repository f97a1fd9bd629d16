// The clerical review page's keys: a accept, r reject, u unsure, n the note
// (Esc leaves it). The decision form works without this script; the keys only
// press its buttons, so the server sees the same form either way.
const form = document.querySelector("form[data-review-keys]");
if (form) {
  const note = form.querySelector("#note");
  const buttons = { a: "accept", r: "reject", u: "unsure" };
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const typing = event.target instanceof HTMLElement && event.target.closest("input, textarea, select");
    if (typing) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    const key = event.key.toLowerCase();
    if (key === "n" && note) {
      event.preventDefault();
      note.focus();
    } else if (buttons[key]) {
      event.preventDefault();
      const button = form.querySelector(`button[value="${buttons[key]}"]`);
      if (button) form.requestSubmit(button);
    }
  });
}
